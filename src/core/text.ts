/**
 * Text that goes to a terminal: data never drives it. C0 controls (but tab and newline),
 * DEL and C1 controls (ESC sequences, CSI, OSC title changes…) are replaced by U+FFFD in
 * text, and escaped in JSON (where they can only be inside strings: the same JSON value).
 */

const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const JSON_CONTROLS = /[\u007f-\u009f]/g;

/** Text output: every control character but tab and newline becomes U+FFFD. */
export function stripControls(text: string): string {
  return text.replace(CONTROLS, '\uFFFD');
}

/**
 * JSON output: JSON.stringify escapes C0 controls already; DEL and C1 are escaped too
 * (`\u009b`), so that the text holds no control character and parses to the same value.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(JSON_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
