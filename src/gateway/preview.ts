/**
 * What a send would do, computed without sending: template lookup, variable checks, rendering, encoding and
 * price, recipient classification, schedule rules and the balance check.
 */
import { analyzeText, type SmsEncoding } from "../quickcom/domain/encoding.js";
import type { NumberClassification } from "../quickcom/domain/numbers.js";
import { checkSchedule, type ScheduleIssue } from "../quickcom/domain/schedule.js";
import {
  checkTemplateVariables,
  countTemplateVariables,
  renderTemplate,
} from "../quickcom/domain/template.js";
import { textWarnings } from "../quickcom/domain/warnings.js";
import type { AccountBalance, TemplateRecord } from "../quickcom/types.js";
import { TemplateNotFoundError, TemplateVariablesError } from "./errors.js";
import { ROUTE_TYPES, type ValidSendInput } from "./send-input.js";

/** Everything a preview reports. */
export interface Preview {
  template: TemplateRecord;
  /** The rendered text exactly as it will be sent. */
  message: string;
  /** What the handset receives. */
  encoding: SmsEncoding;
  characters: number;
  segments: number;
  /** What QuickCom bills per recipient. */
  creditsPerMessage: number;
  billedAsUnicode: boolean;
  validNumbers: string[];
  invalidNumbers: string[];
  duplicateNumbers: string[];
  estimatedCredits: number;
  /** Balance of the route's wallet, or null when it could not be read. */
  availableCredits: number | null;
  sufficientBalance: boolean;
  scheduleIssues: ScheduleIssue[];
  warnings: string[];
}

/** Finds the template or throws {@link TemplateNotFoundError}. */
export function findTemplate(templates: readonly TemplateRecord[], dltTemplateId: string): TemplateRecord {
  const template = templates.find((t) => t.dltTemplateId === dltTemplateId);
  if (!template) throw new TemplateNotFoundError(dltTemplateId);
  return template;
}

/** The credits wallet a route draws on (route 0 and 1: transactional; 2: promotional). */
export function walletBalance(balance: AccountBalance, route: ValidSendInput["route"]): number {
  return ROUTE_TYPES[route] === 2 ? balance.promotional : balance.transactional;
}

/**
 * Renders and prices a send. Throws for what makes a message impossible to build (unknown template, bad
 * variables); reports everything else (invalid numbers, schedule, balance) so a caller can show it.
 */
export function buildPreview(args: {
  input: ValidSendInput;
  /** `classifyMobileNumbers(input.mobileNumbers)`, which callers need before the upstream reads. */
  numbers: NumberClassification;
  templates: readonly TemplateRecord[];
  balance: AccountBalance | null;
  now: Date;
}): Preview {
  const { input, numbers } = args;
  const template = findTemplate(args.templates, input.dltTemplateId);
  const problems = checkTemplateVariables(template.body, input.variables);
  if (problems.length > 0) {
    throw new TemplateVariablesError(
      countTemplateVariables(template.body),
      problems.map((p) => ({ code: p.code, index: "index" in p ? p.index : null, message: p.message })),
    );
  }
  const message = renderTemplate(template.body, input.variables);
  const analysis = analyzeText(message, { unicodeTemplate: template.unicode });
  const estimatedCredits = numbers.valid.length * analysis.billing.creditsPerMessage;
  const availableCredits = args.balance ? walletBalance(args.balance, input.route) : null;
  const scheduleIssues = checkSchedule({
    route: ROUTE_TYPES[input.route],
    scheduleAt: input.scheduleAt,
    now: args.now,
  });

  const warnings = textWarnings(message, { unicodeTemplate: template.unicode }).map((w) => w.message);
  if (numbers.invalid.length > 0) {
    warnings.push(
      `${numbers.invalid.length} recipient(s) are not valid Indian mobile numbers; a send is refused.`,
    );
  }
  if (numbers.duplicates.length > 0) {
    warnings.push(
      `${numbers.duplicates.length} duplicate recipient(s) will be sent once (QuickCom would charge each copy).`,
    );
  }
  for (const issue of scheduleIssues) warnings.push(issue.message);
  if (availableCredits !== null && estimatedCredits > availableCredits) {
    warnings.push(`The send needs ${estimatedCredits} credits but the balance is ${availableCredits}.`);
  }

  return {
    template,
    message,
    encoding: analysis.encoding,
    characters: analysis.characters,
    segments: analysis.segments,
    creditsPerMessage: analysis.billing.creditsPerMessage,
    billedAsUnicode: analysis.billing.unicode,
    validNumbers: numbers.valid,
    invalidNumbers: numbers.invalid,
    duplicateNumbers: numbers.duplicates,
    estimatedCredits,
    availableCredits,
    sufficientBalance: availableCredits !== null && estimatedCredits <= availableCredits,
    scheduleIssues,
    warnings,
  };
}
