// Runs before the page is drawn: if the app is locked on this device, mark
// the page so the style sheet hides it until the PIN is entered.
try {
  if (localStorage.getItem("alongside.locked") === "1") {
    document.documentElement.setAttribute("data-locked", "");
  }
} catch (_) {
  // Storage switched off: there is no lock to keep.
}
