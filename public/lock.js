// Runs before the page is drawn. If the app is locked on this device, mark
// the page so the style sheet hides it until the PIN is entered. Until the
// app's WebAssembly has taken over the lock screens, their forms must never
// submit the ordinary way (that would put a PIN in an address).
try {
  if (localStorage.getItem("alongside.locked") === "1") {
    document.documentElement.setAttribute("data-locked", "");
  }
} catch (_) {
  // Storage switched off: there is no lock to keep.
}
document.addEventListener(
  "submit",
  (event) => {
    const id = event.target && event.target.id;
    if (id === "choose-pin-form" || id === "unlock-form") event.preventDefault();
  },
  true,
);
