/** The backend's `messgeLenght()`: what one message counts and costs, on a byte string. */
import { bytesToText } from "./php.js";

/** `message_type`: 1 = GSM (counted in UTF-8 bytes), 2 = Unicode (counted in code points). */
export type MessageType = 1 | 2;

/** `message_character_count` and `message_credit_size` as the backend computes them. */
export interface MessageSize {
  characterCount: number;
  creditSize: number;
}

/** PHP `mb_strlen($bytes, 'UTF-8')`. */
export function mbStrlen(bytes: string): number {
  return [...bytesToText(bytes)].length;
}

/** Credits per recipient, reproducing the PHP integer arithmetic (not a plain ceil) of the backend. */
export function messageSize(messageType: MessageType, bytes: string): MessageSize {
  if (messageType === 1) {
    const n = bytes.length;
    if (n <= 306) return { characterCount: n, creditSize: Math.trunc(n / 160) + (n % 160 !== 0 ? 1 : 0) };
    const size = Math.trunc((n - 1) / 153);
    return { characterCount: n, creditSize: size % 153 !== 0 ? size + 1 : size };
  }
  const n = mbStrlen(bytes);
  if (n <= 70) return { characterCount: n, creditSize: 1 };
  const size = Math.trunc((n - 1) / 67);
  return { characterCount: n, creditSize: size % 67 !== 0 ? size + 1 : size };
}
