import { describe, expect, it } from "vitest";
import { deliveryState } from "../../src/quickcom/domain/delivery.js";

describe("deliveryState groups DLR words like check:campaign", () => {
  it.each([
    ["DELIVRD", "delivered"],
    ["delivrd", "delivered"],
    ["Pending", "pending"],
    ["ACCEPTED", "pending"],
    ["Accepted", "pending"],
    ["INVALID", "invalid"],
    ["BLACK", "blocked"],
    ["UNDELIV", "failed"],
    ["EXPIRED", "failed"],
    ["REJECTD", "failed"],
    ["REJECTED", "failed"],
    ["FAILED", "failed"],
    ["", "failed"],
    [null, "failed"],
  ] as const)("%j → %s", (word, state) => {
    expect(deliveryState(word)).toBe(state);
  });
});
