/** Theme colours at runtime: VS Code sets `--vscode-*` variables on <html> and a theme class on <body>. */

/** The value of a CSS variable, or `fallback` when the theme does not define it. */
export function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/** Whether the active theme is a high contrast one (light or dark). */
export function isHighContrast(): boolean {
  return document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
}

/** Calls `fn` after the theme changed (body class or the variables on <html>). */
export function onThemeChange(fn: () => void): () => void {
  let pending = false;
  const schedule = (): void => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      fn();
    });
  };
  const obs = new MutationObserver(schedule);
  obs.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  obs.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => obs.disconnect();
}
