/**
 * The balances of a QuickCom account a send is billed on, named as `check-balance` names them. Each channel
 * bills one of them, and the operator's credit caps apply to each separately.
 */

/** A balance a send is billed on. */
export type CreditBalance = "transaction_balance" | "voice_sms_balance" | "whatsapp_credit";

/** Every balance a send can be billed on. */
export const CREDIT_BALANCES: readonly CreditBalance[] = [
  "transaction_balance",
  "voice_sms_balance",
  "whatsapp_credit",
];

/** The balance an audit entry was billed on (entries written before balances were recorded are SMS). */
export function balanceOf(entry: { balance?: CreditBalance }): CreditBalance {
  return entry.balance ?? "transaction_balance";
}
