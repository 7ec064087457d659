/** DLR words of the QuickCom backend and what they mean for a recipient. */
import type { DeliveryState } from "../types.js";

/**
 * The {@link DeliveryState} of a DLR word, grouped case-insensitively like the backend's `check:campaign`:
 * `DELIVRD` delivered; `Pending`, `ACCEPTED` pending; `INVALID` invalid; `BLACK` blocked; every other word
 * failed, also a missing one (a row starts as `Pending`; only a final report it could not parse leaves it empty).
 */
export function deliveryState(status: string | null): DeliveryState {
  switch ((status ?? "").trim().toLowerCase()) {
    case "delivrd":
      return "delivered";
    case "pending":
    case "accepted":
      return "pending";
    case "invalid":
      return "invalid";
    case "black":
      return "blocked";
    default:
      return "failed";
  }
}
