// Runs before the page is drawn, on every page of the app (and the offline
// page). Nine jobs, and one service:
//
// 1. If the app is locked on this device, mark the page so the style sheet
//    hides it until the PIN is entered.
// 2. Until the app's WebAssembly has taken over the lock screens, their forms
//    must never submit the ordinary way (that would put a PIN in an address,
//    or sign out wiping records not yet sent).
// 3. Finish a sign-out that five wrong PINs started. The app has already
//    cleared the device (but for records not yet sent); the session on the
//    server, whose cookie the page cannot touch, ends only when /logout is
//    reached. Until then every page of the app stays covered by a notice, and
//    it keeps trying, so the phone can never be picked up signed in.
// 4. Drop the kept copies of a patient's pages when the app is told they
//    moved to a ward out of this person's reach, and of every page when it
//    is told the sign-in has ended.
// 5. Keep a tablet handed to a patient on that patient's plan (below).
// 6. When the offline page stands in for a page the network could not
//    bring, bring the real page as soon as the network is back.
// 7. Tell the server when the device locks and unlocks, so that a locked
//    phone's cookie reads no one's data (before 6 in the file: it uses 5's
//    cookie helpers).
// 8. Name the device on every request, and wipe it when a manager has
//    reported it lost.
// 9. Carry the key that seals what the phone keeps between the app and
//    the service worker.
(function () {
  var ENDING = "alongside.ending";
  var root = document.documentElement;
  // The page a phone reported lost is answered with (8.): nothing to lock,
  // finish or keep to a plan there, only a device to wipe.
  var lost = root.hasAttribute("data-lost");
  var storage = null;
  try {
    storage = window.localStorage;
    if (!lost && storage.getItem("alongside.locked") === "1") root.setAttribute("data-locked", "");
  } catch (_) {
    // Storage switched off: there is no lock to keep.
  }

  document.addEventListener(
    "submit",
    function (event) {
      var id = event.target && event.target.id;
      // The lock screen's sign-out too: the app keeps the records not yet
      // sent before it lets the form go.
      if (["choose-pin-form", "unlock-form", "lock-sign-out-form", "hand-over-form"].indexOf(id) >= 0) event.preventDefault();
    },
    true,
  );

  // The app shell the service worker keeps; every other copy may hold
  // patient data and goes.
  function isShell(path) {
    return (
      path.indexOf("/pkg/") === 0 ||
      path.indexOf("/icons/") === 0 ||
      ["/manifest.json", "/lock.js", "/journal.js", "/offline.html"].indexOf(path) >= 0
    );
  }

  // Deletes every kept copy of a page whose path `gone` names.
  function dropPages(gone) {
    if (!window.caches) return Promise.resolve();
    return caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names.map(function (name) {
            return caches.open(name).then(function (cache) {
              return cache.keys().then(function (requests) {
                return Promise.all(
                  requests
                    .filter(function (r) {
                      return gone(new URL(r.url).pathname);
                    })
                    .map(function (r) {
                      return cache.delete(r);
                    }),
                );
              });
            });
          }),
        );
      })
      .catch(function () {});
  }

  function dropKeptPages() {
    return dropPages(function (path) {
      return !isShell(path);
    });
  }

  // The app calls this when a patient has moved to a ward out of this
  // person's reach: the copies of their pages go with their records.
  window.alongsideForgetPatientPages = function (patientId) {
    var page = "/patients/" + encodeURIComponent(patientId);
    return dropPages(function (path) {
      return path === page || path.indexOf(page + "/") === 0;
    });
  };

  // The app calls this when the server says the sign-in has ended (left
  // idle, or ended elsewhere): no copy of a page with patient data outlives
  // it. The service worker does the same when a page is answered with the
  // sign-in page.
  window.alongsideForgetKeptPages = dropKeptPages;

  function showNotice() {
    if (!document.body || document.getElementById("ending-notice")) return;
    var notice = document.createElement("main");
    notice.id = "ending-notice";
    notice.className = "ending-notice";
    notice.setAttribute("role", "alert");
    var heading = document.createElement("h1");
    heading.textContent = "Signed out on this phone";
    var why = document.createElement("p");
    why.textContent =
      "The PIN was wrong 5 times, so Alongside has been cleared from this phone. " +
      "Anything not yet sent to the server is kept, hidden, until you sign in again with your password.";
    var wait = document.createElement("p");
    wait.textContent = "Waiting for the network to finish signing out…";
    notice.appendChild(heading);
    notice.appendChild(why);
    notice.appendChild(wait);
    document.body.appendChild(notice);
  }

  var trying = false;
  function reachServer() {
    if (trying) return;
    trying = true;
    fetch("/logout", {
      method: "POST",
      body: "keep_unsent=1",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      credentials: "same-origin",
      redirect: "manual",
    })
      .then(function (response) {
        // The server answers a sign-out with a redirect to the sign-in page.
        if (response.type !== "opaqueredirect" && !response.ok) throw new Error("not signed out");
        try {
          storage.removeItem(ENDING);
        } catch (_) {}
        location.replace("/login?error=locked-out");
      })
      .catch(function () {
        trying = false;
      });
  }

  function finishSignOut() {
    try {
      storage.setItem(ENDING, "1");
    } catch (_) {}
    root.removeAttribute("data-locked");
    root.setAttribute("data-ending", "");
    if (document.body) showNotice();
    else document.addEventListener("DOMContentLoaded", showNotice);
    dropKeptPages().then(reachServer);
    window.addEventListener("online", reachServer);
    setInterval(reachServer, 10000);
  }

  // The app calls this when the fifth PIN is wrong.
  window.alongsideFinishSignOut = finishSignOut;
  var ending = false;
  try {
    ending = storage.getItem(ENDING) === "1";
  } catch (_) {}
  if (ending && !lost) finishSignOut();

  // 5. Patient mode: a tablet handed to a patient shows only their plan.
  //    Any other address (typed, kept from before, or reached by going
  //    back) goes to the plan before it is drawn. The server holds the mode
  //    on the session: the cookie set here only tells it of a hand-over made
  //    (perhaps offline) on this device, and dropping the cookie ends
  //    nothing. Staff end it with their PIN (the app), whose proof goes to
  //    the server in a cookie of its own at the next request.
  var MODE = "alongside.patient_mode";
  var HANDOVER = "alongside.patient_mode.handover";
  var COOKIE = "alongside_patient_mode";
  var HAND_BACK = "alongside_hand_back";
  function handedTo() {
    try {
      return storage && storage.getItem(MODE);
    } catch (_) {
      return null;
    }
  }
  function setCookie(name, value) {
    document.cookie = name + "=" + value + "; path=/; SameSite=Strict";
  }
  function dropCookie(name) {
    document.cookie = name + "=; path=/; max-age=0; SameSite=Strict";
  }
  function hasCookie(name) {
    return document.cookie.split("; ").some(function (pair) {
      return pair.indexOf(name + "=") === 0;
    });
  }
  function planOf(id) {
    return "/plan/" + encodeURIComponent(id);
  }
  function keepToPlan() {
    var patient = handedTo();
    if (!patient || lost) return;
    var path = location.pathname;
    // The sign-in page, drawn by the server, which dropped the mode's
    // cookie: the session ended, and patient mode with it. (A kept copy of
    // the page, offline, leaves the cookie alone and goes to the plan.)
    if (path === "/login" && !hasCookie(COOKIE) && !root.hasAttribute("data-offline-copy")) {
      try {
        storage.removeItem(MODE);
        storage.removeItem(HANDOVER);
      } catch (_) {}
      return;
    }
    root.setAttribute("data-patient-mode", "");
    // Until the server has seen the hand-over, the cookie must reach it.
    try {
      var handover = storage.getItem(HANDOVER);
      if (handover && !hasCookie(COOKIE)) setCookie(COOKIE, handover);
    } catch (_) {}
    if (path !== planOf(patient) && path !== "/offline.html") {
      root.setAttribute("data-away", "");
      location.replace(planOf(patient));
      return;
    }
    // Going back stays on the plan.
    history.pushState(null, "", location.href);
    window.addEventListener("popstate", function () {
      history.pushState(null, "", location.href);
    });
  }
  keepToPlan();
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) keepToPlan();
  });
  // `handover` is `<patient id>.<check>`, made by the app from the PIN.
  window.alongsideEnterPatientMode = function (patientId, handover) {
    storage.setItem(MODE, patientId);
    storage.setItem(HANDOVER, handover);
    // A proof of an earlier hand-back still on its way stays: the server
    // reads it before this hand-over.
    setCookie(COOKIE, handover);
    return dropKeptPages().then(function () {
      location.replace(planOf(patientId));
    });
  };
  // `proof` is what the PIN makes; the server ends the mode when it sees it.
  window.alongsideLeavePatientMode = function (proof) {
    try {
      storage.removeItem(MODE);
      storage.removeItem(HANDOVER);
    } catch (_) {}
    dropCookie(COOKIE);
    setCookie(HAND_BACK, proof);
    root.removeAttribute("data-patient-mode");
  };

  // 7. The lock is held by the server too. When the page locks (the app, or
  //    step 1 above, sets data-locked) a cookie tells the server, with the
  //    next request, the check of the proof that unlocks it (kept from the
  //    last time the PIN was typed); from then on the server answers no
  //    one's data to this session, whatever the cookie does. Unlocking (the
  //    app, with the PIN's proof) sends the proof the same way, and a page
  //    the server drew while locked (so without its data) is drawn again.
  var LOCK_CHECK = "alongside.lock_check";
  var LOCK_COOKIE = "alongside_lock";
  var UNLOCK_COOKIE = "alongside_unlock";
  function lockServer() {
    var check = null;
    try {
      check = storage && storage.getItem(LOCK_CHECK);
    } catch (_) {}
    // Unlocked before the server heard of the lock: it need not hear of it.
    if (!root.hasAttribute("data-locked")) {
      dropCookie(LOCK_COOKIE);
      return;
    }
    // Locked again before the server heard of an unlock: the proof must not
    // wait in the cookie jar of a locked phone, where a copy of its cookies
    // would unlock the session.
    dropCookie(UNLOCK_COOKIE);
    if (check) setCookie(LOCK_COOKIE, check);
  }
  lockServer();
  new MutationObserver(lockServer).observe(root, { attributes: true, attributeFilter: ["data-locked"] });
  // `proof` is what the PIN makes of the person the page's lock screens are
  // for: called when it unlocks, and when it is chosen. The lock's cookie
  // names whose it is, so that it never locks the session of the next
  // person to sign in on this phone.
  window.alongsideUnlocked = function (proof) {
    var screens = document.getElementById("device-lock");
    var staffId = screens && screens.getAttribute("data-staff-id");
    if (!staffId) return Promise.resolve();
    dropCookie(LOCK_COOKIE);
    setCookie(UNLOCK_COOKIE, proof);
    var drawnLocked = document.body && document.body.hasAttribute("data-server-locked");
    return crypto.subtle
      .digest("SHA-256", new TextEncoder().encode(proof))
      .then(function (digest) {
        var hex = Array.from(new Uint8Array(digest), function (b) {
          return (b < 16 ? "0" : "") + b.toString(16);
        }).join("");
        storage.setItem(LOCK_CHECK, staffId + "." + hex);
      })
      .catch(function () {})
      .then(function () {
        if (drawnLocked) location.reload();
      });
  };

  // 8. Report a lost phone. Every request names this browser's device id
  //    (the sync contract's, made here on the first signed-in page when the
  //    app has not made it yet) in a cookie, so that a manager can report the phone lost: its
  //    sessions end and, when it next reaches the server, every answer says
  //    "wipe yourself". The answer carries Clear-Site-Data, which deletes
  //    everything the site keeps in browsers that honour it; this does the
  //    same in those that do not, on the page that says so (marked
  //    data-lost) and when the app's sync is answered so.
  var DEVICE = "alongside.device";
  var DEVICE_COOKIE = "alongside_device";
  var JOURNAL = "alongside-journal";
  function wipeLostPhone() {
    try {
      storage.clear();
      sessionStorage.clear();
    } catch (_) {}
    [COOKIE, HAND_BACK, LOCK_COOKIE, UNLOCK_COOKIE].forEach(dropCookie);
    var jobs = [dropPages(function () {
      return true;
    })];
    if (window.indexedDB) {
      jobs.push(
        new Promise(function (done) {
          var request = indexedDB.deleteDatabase(JOURNAL);
          request.onsuccess = request.onerror = request.onblocked = done;
        }),
      );
    }
    if (navigator.serviceWorker) {
      jobs.push(
        navigator.serviceWorker
          .getRegistrations()
          .then(function (registrations) {
            return Promise.all(
              registrations.map(function (r) {
                return r.unregister();
              }),
            );
          })
          .catch(function () {}),
      );
    }
    return Promise.all(jobs);
  }
  if (lost) {
    wipeLostPhone();
  } else {
    var nameDevice = function (id) {
      document.cookie = DEVICE_COOKIE + "=" + id + "; path=/; max-age=31536000; SameSite=Strict";
    };
    // The app names the device again when its journal brings back the id a
    // crash took from localStorage (the one made here meanwhile is dropped).
    window.alongsideNameDevice = nameDevice;
    var device = null;
    try {
      device = storage.getItem(DEVICE);
    } catch (_) {}
    if (device) nameDevice(device);
    else if (!ending) {
      // A device gets its id once someone is signed in on it (the page then
      // carries the lock screens): signing out leaves nothing on it, and the
      // sign-in page keeps it that way.
      document.addEventListener("DOMContentLoaded", function () {
        if (!document.getElementById("device-lock") || !(window.crypto && crypto.randomUUID)) return;
        try {
          if (storage.getItem(DEVICE)) return;
          var id = crypto.randomUUID();
          storage.setItem(DEVICE, id);
          nameDevice(id);
        } catch (_) {}
      });
    }
  }
  // The app calls this when its sync is answered "lost": wipe, then show
  // the server's page that says so (the cookie still names the device).
  window.alongsideWipeLostPhone = function () {
    return wipeLostPhone().then(function () {
      location.replace("/");
    });
  };

  // 9. The data key and the service worker (app/DEVICE.md, "What the phone
  //    keeps is sealed"). The app hands the worker the key that seals what
  //    the phone keeps, once it has opened it, so that the worker keeps its
  //    copies of pages sealed too; resolves once the worker has it. While a
  //    page of the app is open it keeps the worker (and so the key) alive,
  //    so that a page opened with no network takes the key from the worker
  //    rather than asking for the PIN again; once no page is open the
  //    browser stops the worker and the key is gone.
  var keeping = null;
  window.alongsideHandKey = function (owner, key) {
    var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (!worker) return Promise.resolve(false);
    if (!keeping) {
      keeping = setInterval(function () {
        var current = navigator.serviceWorker.controller;
        if (current) current.postMessage({ type: "alongside-keep" });
      }, 20000);
    }
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      var timer = setTimeout(function () {
        resolve(false);
      }, 2000);
      channel.port1.onmessage = function () {
        clearTimeout(timer);
        resolve(true);
      };
      worker.postMessage({ type: "alongside-key", owner: owner, key: key }, [channel.port2]);
    });
  };
  // The key the worker holds, if it holds `owner`'s.
  window.alongsideAskKey = function (owner) {
    var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (!worker) return Promise.resolve(null);
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      var timer = setTimeout(function () {
        resolve(null);
      }, 1000);
      channel.port1.onmessage = function (event) {
        clearTimeout(timer);
        var answer = event.data || {};
        resolve(answer.owner === owner ? answer.key : null);
      };
      worker.postMessage({ type: "alongside-key?" }, [channel.port2]);
    });
  };

  // 6. The service worker answers a page it could not fetch with its kept
  //    offline page, under the page's own address. A blip (Wi-Fi handing
  //    over, a server restarting) must not leave the person there: reload
  //    when the browser says it is online again, and while it says online
  //    already, ask the server every few seconds (longer each time). Not
  //    while a sign-out is ending (3.): that goes on to the sign-in page.
  if (!ending && root.hasAttribute("data-offline-copy") && location.pathname !== "/offline.html") {
    var retryIn = 2000;
    var probe = function () {
      fetch(location.href, { method: "HEAD", credentials: "same-origin", cache: "no-store" })
        .then(function () {
          location.reload();
        })
        .catch(function () {
          retryIn = Math.min(retryIn * 2, 30000);
          setTimeout(probe, retryIn);
        });
    };
    window.addEventListener("online", function () {
      location.reload();
    });
    if (navigator.onLine) setTimeout(probe, retryIn);
  }
})();
