import { expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

export const DEMO_PASSWORD = "walk-alongside-2026";
export const TEST_PIN = "2580";

/**
 * Signs in through the real form, as a person would; with the right
 * password, also chooses the device PIN the app asks for at first sign-in.
 */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD, base = "") {
  await page.goto(`${base}/login`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (password === DEMO_PASSWORD) await choosePin(page);
}

/** Chooses the device PIN on the dialog shown after signing in. */
export async function choosePin(page: Page, pin = TEST_PIN) {
  // The app asks once its WebAssembly has started; on a busy machine the
  // first load of the suite can take a while.
  await waitForHydration(page);
  const dialog = page.getByRole("dialog", { name: "Choose a PIN for this device" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("PIN", { exact: true }).fill(pin);
  await dialog.getByLabel("PIN again").fill(pin);
  await dialog.getByRole("button", { name: "Save PIN" }).click();
  await expect(dialog).toBeHidden();
}

/** Fails with the list of WCAG 2.2 A/AA problems axe-core finds on the page. */
export async function expectNoAccessibilityViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`);
  expect(summary).toEqual([]);
}

/**
 * Waits until the lock screens answer. A page opened locked is hydrated only
 * once the PIN has opened what the phone keeps, so a test on a locked page
 * waits for this, not for hydration.
 */
export async function waitForLockScreens(page: Page) {
  await page.locator("html[data-lock-ready]").waitFor({ state: "attached" });
}

/** Waits until the WebAssembly has taken over the page. */
export async function waitForHydration(page: Page) {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

/**
 * Makes sure the service worker keeps a copy of the page that is open, so
 * it opens again with no network: the worker may have taken over only after
 * this page loaded, so the page is loaded once more under it.
 */
export async function keepForOffline(page: Page) {
  await waitForHydration(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await waitForHydration(page);
  await expect
    .poll(() => page.evaluate(async () => Boolean(await caches.match(location.pathname))), { timeout: 30_000 })
    .toBe(true);
}

/** Opens Aisha's page from the caseload (at `base`) and makes sure the phone keeps a copy. */
export async function openAisha(page: Page, base = "") {
  await page.goto(`${base}/`);
  await page.getByRole("link", { name: /Aisha/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /Aisha/ })).toBeVisible();
  await keepForOffline(page);
}

/** The session card on a patient's timeline that holds `note`. */
export function sessionCard(page: Page, note: string) {
  return page.getByRole("listitem").filter({ hasText: note });
}

/**
 * The outbox journal (IndexedDB) as [key, value] pairs, read straight from
 * the browser on any page of the app's origin (the app need not run);
 * with `remove`, first deletes those keys from it.
 */
export async function journalEntries(page: Page, remove: string[] = []): Promise<[string, string][]> {
  return page.evaluate(async (remove) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open("alongside-journal");
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      if (!db.objectStoreNames.contains("outbox")) return [];
      const tx = db.transaction("outbox", "readwrite");
      const store = tx.objectStore("outbox");
      for (const key of remove) store.delete(key);
      const out: [string, string][] = [];
      await new Promise<void>((resolve, reject) => {
        const cursor = store.openCursor();
        cursor.onsuccess = () => {
          const c = cursor.result;
          if (c) {
            out.push([String(c.key), String(c.value)]);
            c.continue();
          }
        };
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      return out;
    } finally {
      db.close();
    }
  }, remove);
}

/** Signs in on this page, hands it to Aisha with the PSW's PIN, and waits for her plan. */
export async function handToAisha(page: Page) {
  await signIn(page, "psw");
  await page.goto("/patients/patient-001");
  await waitForHydration(page);
  await page.getByLabel("Your PIN").fill(TEST_PIN);
  await page.getByRole("button", { name: "Hand to Aisha" }).click();
  await expect(page).toHaveURL("/plan/patient-001");
  await expect(page.getByRole("heading", { level: 1, name: "My recovery plan" })).toBeVisible();
  await waitForHydration(page);
}

/**
 * Offline (or with the server down), a page opened afresh asks for the PIN
 * before the app opens what the phone keeps: its data key is kept wrapped
 * under a key the PIN makes, and under one only the server hands a live
 * session. Enters the PIN on the lock screen that asks.
 */
export async function unlockOffline(page: Page, pin = TEST_PIN) {
  await waitForLockScreens(page);
  const dialog = page.getByRole("dialog", { name: "Alongside is locked" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("PIN", { exact: true }).fill(pin);
  await dialog.getByRole("button", { name: "Unlock" }).click();
  await expect(dialog).toBeHidden({ timeout: 20_000 });
}

/**
 * What Alongside keeps in the page's localStorage, opened as the app opens
 * it but by the browser's own WebCrypto (AES-GCM with the storage key as
 * associated data), not the app's code: the person's data key is
 * unwrapped with the key the server hands this session. A value that is
 * not sealed comes back as it is, a wrapped data key as "(wrapped key)",
 * and anything else this session cannot open as "(sealed)". Needs the
 * server and a live, unlocked session.
 */
export async function revealKept(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (b) => parseInt(b, 16));
    const open = async (key: Uint8Array, name: string, stored: string) => {
      const sealed = stored.slice(stored.lastIndexOf(".") + 1);
      const bytes = Uint8Array.from(atob(sealed), (c) => c.charCodeAt(0));
      const aes = await crypto.subtle.importKey("raw", key, "AES-GCM", false, ["decrypt"]);
      const iv = bytes.slice(0, 12);
      const plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(name) },
        aes,
        bytes.slice(12),
      );
      return new TextDecoder().decode(plain);
    };
    const answer = await fetch("/api/device_key", { cache: "no-store" });
    if (!answer.ok) throw new Error(`no device key: ${answer.status}`);
    const serverKey = fromHex((await answer.json()).key);
    const dataKeys: Uint8Array[] = [];
    for (const name of Object.keys(localStorage).filter((k) => /^alongside\.vault\..*\.server$/.test(k))) {
      try {
        dataKeys.push(fromHex(await open(serverKey, name, localStorage.getItem(name) ?? "")));
      } catch (_) {
        // Someone else's: the server hands this session only its own key.
      }
    }
    const kept: Record<string, string> = {};
    for (const name of Object.keys(localStorage).filter((k) => k.startsWith("alongside."))) {
      const value = localStorage.getItem(name) ?? "";
      if (!value.startsWith("sealed1.")) {
        kept[name] = value;
        continue;
      }
      if (name.startsWith("alongside.vault.")) {
        kept[name] = "(wrapped key)";
        continue;
      }
      kept[name] = "(sealed)";
      for (const key of dataKeys) {
        try {
          kept[name] = await open(key, name, value);
          break;
        } catch (_) {
          // Sealed under another key.
        }
      }
    }
    return kept;
  });
}
