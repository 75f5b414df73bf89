/**
 * Driving code-server's workbench in headless Debian Chromium (playwright-core): command
 * palette, quick picks, editor hovers, webview frames, screenshots. Every wait has a
 * timeout and fails with what it waited for.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Locator, type Page } from 'playwright-core';
import { waitFor } from './steps';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CLEARSIGHT_E2E_CHROMIUM ?? '/usr/bin/chromium';
  // Our own signal handlers close the browser: playwright's would exit(130) at once, before
  // run.ts stops code-server and drops the session's database.
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
}

export interface WorkbenchOptions {
  artifacts: string;
  timeoutMs: number;
  log: (message: string) => void;
  /** Prefix of screenshot names (the session), so sessions do not overwrite each other. */
  prefix: string;
}

let shotCounter = 0;

/** The browser window: wide enough for a sidebar next to a panel's tables. */
export const VIEWPORT = { width: 1400, height: 900 };

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Workbench {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly o: WorkbenchOptions,
  ) {}

  static async open(browser: Browser, url: string, o: WorkbenchOptions): Promise<Workbench> {
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    // vscode.env.clipboard goes through the page's clipboard, which headless Chromium
    // keeps closed (the call never returns) unless the origin is allowed.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    const page = await context.newPage();
    page.setDefaultTimeout(o.timeoutMs);
    page.on('pageerror', (err) => o.log(`page error: ${err.message}`));
    const wb = new Workbench(context, page, o);
    await page.goto(url, { timeout: o.timeoutMs });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: o.timeoutMs });
    await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: o.timeoutMs });
    // The theme's class comes once the workbench has read settings and loaded its theme.
    await page.locator('.monaco-workbench[class*="vscode-theme-"]').waitFor({ state: 'attached', timeout: o.timeoutMs });
    // Keyboard input goes nowhere until the page has been clicked once.
    await page.locator('.part.editor').click({ position: { x: 20, y: 20 }, timeout: o.timeoutMs });
    return wb;
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  private get timeout(): number {
    return this.o.timeoutMs;
  }

  /** The quick input (palette, quick open, quick picks) once visible. */
  private async quickInput(): Promise<Locator> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible', timeout: this.timeout });
    return widget;
  }

  /** Closes whatever quick input, hover or menu is open. */
  async escape(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }

  /** Runs a palette command by its full title, e.g. 'ClearSight: Investigate Scenario…'. */
  async runCommand(title: string): Promise<void> {
    // The palette lists the commands known when it opens, and extensions register theirs a
    // little after the workbench shows: reopen it until the command is there.
    const row = await waitFor(
      `the command '${title}' in the palette`,
      async () => {
        await this.escape();
        await this.page.keyboard.press('Control+Shift+P');
        const widget = await this.quickInput();
        const input = widget.locator('input');
        await waitFor('the command palette input to start with >', async () => (await input.inputValue()).startsWith('>'), this.timeout);
        await input.fill(`>${title}`);
        // The row whose label is exactly the title ('View: Close All Editors', not '… in Group').
        const label = this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) });
        const found = widget.locator('.quick-input-list .monaco-list-row', { has: label }).first();
        return (await found.waitFor({ state: 'visible', timeout: 2000 }).then(() => true, () => false)) ? found : undefined;
      },
      this.timeout,
      0,
    );
    await row.click();
  }

  /**
   * In the open quick pick: types filter (if given), waits for an item whose text contains
   * itemText and picks it.
   */
  async quickPick(itemText: string, filter?: string): Promise<void> {
    const widget = await this.quickInput();
    if (filter !== undefined) await widget.locator('input').fill(filter);
    const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: itemText }).first();
    await row.waitFor({ state: 'visible', timeout: this.timeout }).catch(() => {
      throw new Error(`no item containing '${itemText}' in the quick pick`);
    });
    await row.click();
  }

  /** Types into the open quick input or input box and presses Enter. */
  async inputBox(text: string): Promise<void> {
    const widget = await this.quickInput();
    await widget.locator('input').fill(text);
    await this.page.keyboard.press('Enter');
  }

  /** Opens a workspace file with Quick Open (Ctrl+P) and waits until it is the active tab. */
  async openFile(name: string): Promise<void> {
    await this.escape();
    await this.page.keyboard.press('Control+P');
    const widget = await this.quickInput();
    await widget.locator('input').fill(name);
    const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ state: 'visible', timeout: this.timeout });
    await row.click();
    await this.page.locator('.tab.active', { hasText: name }).waitFor({ state: 'visible', timeout: this.timeout });
    await this.page.locator('.monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: this.timeout });
  }

  /** Screen coordinates of the middle of the first visible occurrence of text in the active editor. */
  private async textPosition(text: string): Promise<{ x: number; y: number }> {
    return waitFor(
      `'${text}' to be visible in the editor`,
      () =>
        this.page.evaluate((needle) => {
          const editors = Array.from<Element>(document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines'));
          for (const lines of editors) {
            for (const line of Array.from<Element>(lines.querySelectorAll('.view-line'))) {
              const content = line.textContent?.replace(/\u00a0/g, ' ') ?? '';
              const at = content.indexOf(needle);
              if (at < 0) continue;
              // Find the text node and offset of the needle's middle character.
              const target = at + Math.floor(needle.length / 2);
              const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
              let seen = 0;
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const len = node.textContent?.length ?? 0;
                if (seen + len > target) {
                  const range = document.createRange();
                  range.setStart(node, target - seen);
                  range.setEnd(node, target - seen + 1);
                  const r = range.getBoundingClientRect();
                  return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
                }
                seen += len;
              }
            }
          }
          return undefined;
        }, text),
      this.timeout,
    );
  }

  /**
   * How many times the last hoverText() moved the mouse onto the text before the hover
   * showed what it expected (a person re-hovers when a hover comes up empty).
   */
  lastHoverAttempts = 0;

  /**
   * Hovers text in the active editor and returns the hover's text once it contains expect
   * (any text if not given). Moves away and back while the hover is still loading.
   */
  async hoverText(text: string, expect?: string | RegExp, timeoutMs = this.timeout): Promise<string> {
    const pos = await this.textPosition(text);
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden) .monaco-hover-content').first();
    const matches = (s: string): boolean => (expect === undefined ? s.trim().length > 0 : typeof expect === 'string' ? s.includes(expect) : expect.test(s));
    let last = '';
    this.lastHoverAttempts = 0;
    try {
      return await waitFor(
        `a hover over '${text}'${expect ? ` containing ${String(expect)}` : ''}`,
        async () => {
          this.lastHoverAttempts++;
          await this.page.mouse.move(pos.x, pos.y + 40);
          await this.page.mouse.move(pos.x, pos.y, { steps: 2 });
          await hover.waitFor({ state: 'visible', timeout: 3000 });
          // The hover may say "loading" first: give it a moment to fill in.
          return waitFor('hover content', async () => ((last = await hover.innerText()), matches(last) ? last : undefined), 3000, 100);
        },
        timeoutMs,
        0,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}; last hover text: ${JSON.stringify(last)}`);
    }
  }

  /** The webview frame (they are nested iframes) holding selector, with hasText if given. */
  async webviewFrame(selector: string, hasText?: string | RegExp, timeoutMs = this.timeout): Promise<Frame> {
    return waitFor(
      `a webview with ${selector}${hasText ? ` containing ${String(hasText)}` : ''}`,
      async () => {
        for (const frame of this.page.frames()) {
          if (frame === this.page.mainFrame() || frame.isDetached()) continue;
          const found = frame.locator(selector, hasText ? { hasText } : {});
          if ((await found.count().catch(() => 0)) > 0) return frame;
        }
        return undefined;
      },
      timeoutMs,
    );
  }

  /** Clicks selector inside the webview that holds it; returns that frame. */
  async clickInWebview(selector: string, hasText?: string | RegExp): Promise<Frame> {
    const frame = await this.webviewFrame(selector, hasText);
    await frame
      .locator(selector, hasText ? { hasText } : {})
      .first()
      .click({ timeout: this.timeout });
    return frame;
  }

  /** Texts of the notification toasts on screen. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-toast').allInnerTexts();
  }

  /** Switches the colour theme the way a person does (Preferences: Color Theme). */
  async setColorTheme(name: string, kind: 'vs' | 'vs-dark'): Promise<void> {
    await this.runCommand('Preferences: Color Theme');
    await this.quickPick(name, name);
    await this.waitForThemeKind(kind);
  }

  /** Waits until the workbench has loaded a light ('vs') or dark ('vs-dark') theme. */
  async waitForThemeKind(kind: 'vs' | 'vs-dark'): Promise<void> {
    await waitFor(
      `a ${kind === 'vs' ? 'light' : 'dark'} theme`,
      () =>
        this.page.evaluate((k) => {
          const classes = document.querySelector('.monaco-workbench')?.classList;
          // The theme's own class appears once the theme is loaded ('vs' alone is the start-up default).
          return !!classes && classes.contains(k) && Array.from<string>(classes).some((c) => c.startsWith('vscode-theme-'));
        }, kind),
      this.timeout,
    );
  }

  /** The visible editor hover (its content element). */
  hover(): Locator {
    return this.page.locator('.monaco-editor .monaco-hover:not(.hidden) .monaco-hover-content').first();
  }

  /** Texts of the links in the visible editor hover. */
  async hoverLinks(): Promise<string[]> {
    return (await this.hover().locator('a').allTextContents()).map((t) => t.trim()).filter(Boolean);
  }

  /** Clicks the link with exactly this text in the visible editor hover. */
  async clickHoverLink(text: string): Promise<void> {
    const link = this.hover().locator('a', { hasText: new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) }).first();
    await link.waitFor({ state: 'visible', timeout: this.timeout }).catch(() => {
      throw new Error(`no link '${text}' in the hover`);
    });
    await link.click({ timeout: this.timeout });
  }

  /** The side bar's title (e.g. 'ClearSight RCA: Scenarios'), or undefined when it is hidden. */
  async sideBarTitle(): Promise<string | undefined> {
    const title = this.page.locator('.part.sidebar .composite.title .title-label h2').first();
    if (!(await this.page.locator('.part.sidebar').isVisible()) || (await title.count()) === 0) return undefined;
    return (await title.textContent())?.trim();
  }

  /**
   * Shows a view container by clicking its activity-bar icon, as a person does (a click on
   * the icon of the container already shown would hide the side bar: then nothing is clicked).
   */
  async showViewContainer(title: string): Promise<void> {
    const shown = async (): Promise<boolean> => new RegExp(`^${escapeRegExp(title)}\\b`, 'i').test((await this.sideBarTitle()) ?? '');
    if (await shown()) return;
    await this.page.locator(`.part.activitybar .action-item .action-label[aria-label^="${title}"]`).first().click({ timeout: this.timeout });
    await waitFor(`the side bar to show '${title}'`, shown, this.timeout);
  }

  /** Hides the primary side bar if it is shown (wide panels for screenshots). */
  async hideSideBar(): Promise<void> {
    if (await this.page.locator('.part.sidebar').isVisible()) {
      await this.runCommand('View: Close Primary Side Bar');
      await this.page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: this.timeout });
    }
  }

  /** Drags the sash right of the side bar so that the side bar is `width` pixels wide. */
  async setSideBarWidth(width: number): Promise<void> {
    const bar = await this.page.locator('.part.sidebar').boundingBox();
    if (!bar) throw new Error('the side bar is not shown');
    if (Math.abs(bar.width - width) < 4) return;
    const edge = bar.x + bar.width;
    const sashes = this.page.locator('.monaco-sash.vertical');
    let grip: { x: number; y: number } | undefined;
    for (let i = 0; i < (await sashes.count()); i++) {
      const b = await sashes.nth(i).boundingBox();
      if (b && Math.abs(b.x + b.width / 2 - edge) < 6 && b.height > bar.height / 2) grip = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    }
    if (!grip) throw new Error('no sash at the right edge of the side bar');
    await this.page.mouse.move(grip.x, grip.y);
    await this.page.mouse.down();
    await this.page.mouse.move(grip.x + (bar.x + width - edge), grip.y, { steps: 5 });
    await this.page.mouse.up();
    await waitFor(`the side bar to be ${width} px wide`, async () => Math.abs(((await this.page.locator('.part.sidebar').boundingBox())?.width ?? 0) - width) < 6, this.timeout);
  }

  /**
   * The rows of the tree in the side bar that are inside its visible area, top to bottom:
   * depth (1 = root), expanded state, label and description.
   */
  async sideBarTreeRows(): Promise<Array<{ level: number; expanded: boolean | undefined; label: string; description: string }>> {
    return this.page.evaluate(() => {
      const bar = document.querySelector('.part.sidebar')?.getBoundingClientRect();
      if (!bar) return [];
      return Array.from<HTMLElement>(document.querySelectorAll('.part.sidebar .monaco-list-row'))
        .map((row) => ({ row, r: row.getBoundingClientRect() }))
        .filter(({ r }) => r.height > 0 && r.top >= bar.top && r.bottom <= bar.bottom)
        .sort((a, b) => a.r.top - b.r.top)
        .map(({ row }) => ({
          level: Number(row.getAttribute('aria-level') ?? '0'),
          expanded: row.hasAttribute('aria-expanded') ? row.getAttribute('aria-expanded') === 'true' : undefined,
          label: row.querySelector('.label-name')?.textContent?.trim() ?? '',
          description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
        }));
    });
  }

  /** A row of the side bar's tree whose label is exactly `label`. */
  sideBarTreeRow(label: string): Locator {
    const name = this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) });
    return this.page.locator('.part.sidebar .monaco-list-row', { has: name }).first();
  }

  /** Expands a collapsed tree row by clicking its twistie (a click on the label would run its command). */
  async expandTreeRow(label: string): Promise<void> {
    const row = this.sideBarTreeRow(label);
    await row.waitFor({ state: 'visible', timeout: this.timeout });
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click({ timeout: this.timeout });
    await waitFor(`'${label}' to be expanded`, async () => (await row.getAttribute('aria-expanded')) === 'true', this.timeout);
  }

  /** Waits for a notification toast whose text matches, and returns its text. */
  async waitForNotification(expect: string | RegExp, timeoutMs = this.timeout): Promise<string> {
    const matches = (s: string): boolean => (typeof expect === 'string' ? s.includes(expect) : expect.test(s));
    let seen: string[] = [];
    try {
      return await waitFor(
        `a notification ${String(expect)}`,
        async () => ((seen = (await this.notifications()).map((t) => t.replace(/\s+/g, ' ').trim())), seen.find(matches)),
        timeoutMs,
        100,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}; notifications on screen: ${JSON.stringify(seen)}`);
    }
  }

  /** Dismisses every notification (Notifications: Clear All Notifications). */
  async clearNotifications(): Promise<void> {
    if ((await this.notifications()).length === 0) return;
    await this.runCommand('Notifications: Clear All Notifications');
    await waitFor('the notifications to close', async () => (await this.notifications()).length === 0, this.timeout);
  }

  /** Texts of the status bar items. */
  async statusBarItems(): Promise<string[]> {
    return (await this.page.locator('.part.statusbar .statusbar-item').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
  }

  /** Waits for a status bar item whose text matches, and returns its text. */
  async waitForStatusBarItem(expect: string | RegExp, timeoutMs = this.timeout): Promise<string> {
    const matches = (s: string): boolean => (typeof expect === 'string' ? s.includes(expect) : expect.test(s));
    let seen: string[] = [];
    try {
      return await waitFor(`a status bar item ${String(expect)}`, async () => ((seen = await this.statusBarItems()), seen.find(matches)), timeoutMs);
    } catch (err) {
      throw new Error(`${(err as Error).message}; status bar: ${JSON.stringify(seen)}`);
    }
  }

  /** The label of the active editor tab. */
  async activeTabLabel(): Promise<string> {
    return ((await this.page.locator('.editor-group-container.active .tab.active .label-name').first().textContent()) ?? '').trim();
  }

  /** The visible lines of the active text editor, top to bottom. */
  async activeEditorLines(): Promise<string[]> {
    return this.page.evaluate(() => {
      const lines = Array.from<HTMLElement>(document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line'));
      return lines
        .sort((a, b) => parseFloat(a.style.top || '0') - parseFloat(b.style.top || '0'))
        .map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' '));
    });
  }

  /** Moves the mouse to an empty part of the title bar, so that no hover or tooltip shows. */
  async parkMouse(): Promise<void> {
    await this.page.mouse.move(VIEWPORT.width * 0.2, 12);
  }

  /** Saves a PNG of the page into the artifacts folder and returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(this.o.artifacts, { recursive: true });
    // Webviews load their fonts (codicons) after first paint: wait for those in flight.
    await Promise.all(
      this.page.frames().map((f) =>
        f.evaluate(() => Promise.race([document.fonts.ready, new Promise((r) => setTimeout(r, 5000))]).then(() => undefined)).catch(() => undefined),
      ),
    );
    const file = join(this.o.artifacts, `${String(++shotCounter).padStart(2, '0')}-${this.o.prefix}-${name}.png`);
    await this.page.screenshot({ path: file, timeout: this.timeout });
    this.o.log(`screenshot: ${file}`);
    return file;
  }
}
