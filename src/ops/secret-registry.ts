/**
 * The last line of defence against leaked secrets: a set of secret values known at runtime (the QuickCom
 * app secret, per-token credentials, gateway tokens) that are replaced by `[REDACTED]` in any text,
 * plus a rule that blanks every `app_secret=` query parameter whatever its value. Short-lived secrets (OTP codes)
 * are held only while their request runs, so the set does not grow with traffic.
 */

/** What a scrubbed secret is replaced with. */
export const REDACTED = "[REDACTED]";

/**
 * Values shorter than this are not registered: replacing every occurrence of a two-letter string would
 * mangle every log line (and could break its JSON) while protecting nothing an attacker could not guess.
 */
export const MIN_SECRET_LENGTH = 4;

const APP_SECRET_PARAM = /(app_secret(?:=|%3D))[^&\s"'\\#<>]*/gi;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The spellings under which a secret can appear in a JSON log line: as is, JSON-escaped, URL-encoded. */
function spellings(value: string): string[] {
  const forms = new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]);
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/** Secret values to scrub from any text that leaves the process (log lines first of all). */
export class SecretRegistry {
  readonly #values = new Set<string>();
  #pattern: RegExp | null = null;
  /** Short-lived values and how many holders each has. */
  readonly #transient = new Map<string, number>();

  /**
   * Adds a secret value. Registering the same value twice is harmless; values shorter than
   * {@link MIN_SECRET_LENGTH} characters are ignored.
   */
  register(value: string): void {
    if (value.length < MIN_SECRET_LENGTH || this.#values.has(value)) return;
    this.#values.add(value);
    const forms = [...this.#values].flatMap(spellings);
    forms.sort((a, b) => b.length - a.length);
    this.#pattern = new RegExp([...new Set(forms)].map(escapeRegExp).join("|"), "g");
  }

  /**
   * Adds a short-lived secret (an OTP code) until the returned function is called (calling it again does
   * nothing). Values shorter than {@link MIN_SECRET_LENGTH} are ignored.
   */
  registerTransient(value: string): () => void {
    if (value.length < MIN_SECRET_LENGTH) return () => {};
    this.#transient.set(value, (this.#transient.get(value) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.#transient.get(value) ?? 1) - 1;
      if (left > 0) this.#transient.set(value, left);
      else this.#transient.delete(value);
    };
  }

  /** `text` with every registered secret and every `app_secret=` parameter value replaced by `[REDACTED]`. */
  scrub(text: string): string {
    let scrubbed = this.#pattern ? text.replace(this.#pattern, REDACTED) : text;
    for (const value of this.#transient.keys()) {
      for (const form of spellings(value)) scrubbed = scrubbed.split(form).join(REDACTED);
    }
    return scrubbed.replace(APP_SECRET_PARAM, `$1${REDACTED}`);
  }

  /** How many distinct secret values are registered. */
  get size(): number {
    return this.#values.size;
  }
}
