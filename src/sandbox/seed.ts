/**
 * Demo data of the sandbox: accounts (one per backend answer worth testing), sender IDs, DLT templates and
 * a campaign history long enough for real pagination. Deterministic: the same seed on every start.
 */
import { seedVoice, seedWhatsApp } from "./channel-seed.js";
import { messageSize } from "./credits.js";
import { textToBytes } from "./php.js";
import type {
  SandboxAccount,
  SandboxCampaign,
  SandboxSenderId,
  SandboxState,
  SandboxTemplate,
} from "./state.js";

/** The API key pair of a demo account plus what a reader of the console needs to recognise it. */
export interface DemoCredentials {
  appKey: string;
  appSecret: string;
  /** `user_number` of the account. */
  userNumber: number;
  /** Account name as `check-balance` reports it. */
  name: string;
}

/**
 * Active account: big transactional and promotional balance, QCOMM/ALERTS, six templates, 64 campaigns, 500 voice
 * credits and voice files (`channel-seed.ts`), 250.5 WhatsApp credit with a sender and templates.
 */
export const DEMO_ACCOUNT: DemoCredentials = {
  appKey: "QCDEMO7F3K2",
  appSecret: "qs7Yc2RmT9vLx4Pd",
  userNumber: 16,
  name: "QuickCom Demo Pvt Ltd",
};

/** Another active tenant; owns {@link SECOND_TEMPLATES.shipping}, the "template of another account" (1011) case. */
export const SECOND_ACCOUNT: DemoCredentials = {
  appKey: "QCACME4R8N1",
  appSecret: "Ak93hWq2ZpL6sNe0",
  userNumber: 27,
  name: "Acme Retail Solutions",
};

/** Account with status 0: every call answers 1016. */
export const INACTIVE_ACCOUNT: DemoCredentials = {
  appKey: "QCIDLE2B6Q9",
  appSecret: "In4ctv8Jm1Xo5Ty2",
  userNumber: 31,
  name: "Dormant Traders",
};

/** Account with API IP security on and a whitelist without 127.0.0.1: every call answers 1001. */
export const IP_LOCKED_ACCOUNT: DemoCredentials = {
  appKey: "QCLOCK9D1V5",
  appSecret: "Ip7Lk3Rw9Qa2Zc6M",
  userNumber: 42,
  name: "Fortress Finance",
};

/** Account without any SMS route: sends answer 1018. */
export const NO_ROUTE_ACCOUNT: DemoCredentials = {
  appKey: "QCNORT5H7C3",
  appSecret: "Nr0ut3Gw5Kp8Lm1Q",
  userNumber: 53,
  name: "Routeless Media",
};

/** Account with 5 transactional credits (and 0 promotional): bigger sends answer 1007. */
export const LOW_BALANCE_ACCOUNT: DemoCredentials = {
  appKey: "QCLOWB3J8W6",
  appSecret: "Lb5cR3d1tZ7xV2nK",
  userNumber: 64,
  name: "Shoestring Startups",
};

/** Every demo account, for printing and for tests that iterate them. */
export const DEMO_ACCOUNTS = {
  DEMO_ACCOUNT,
  SECOND_ACCOUNT,
  INACTIVE_ACCOUNT,
  IP_LOCKED_ACCOUNT,
  NO_ROUTE_ACCOUNT,
  LOW_BALANCE_ACCOUNT,
} as const;

/** DLT template ids of {@link DEMO_ACCOUNT}. */
export const DEMO_TEMPLATES = {
  /** `Your OTP is {#var#}. Valid for {#var#} minutes.` (GSM, 2 variables; the reference's id). */
  otp: "1507162019748109480",
  /** `Your order {#var#} confirmed. Amount: ₹{#var#}` (GSM template containing ₹, 2 variables). */
  order: "1507162019748109481",
  /** Hindi OTP, Unicode, 2 variables. */
  hindiOtp: "1507162019748109482",
  /** No variables. */
  welcome: "1507162019748109483",
  /** 4 variables. */
  appointment: "1507162019748109484",
  /** Status 0: not listed by `templates`. */
  inactive: "1507162019748109485",
  /** `Your QuickCom verification code is {#var#}. ...` (GSM, 1 variable: what `sendOtp` takes). */
  otpCode: "1507162019748109486",
} as const;

/** DLT template ids of {@link SECOND_ACCOUNT}. */
export const SECOND_TEMPLATES = {
  /** `Hi {#var#}, your Acme order {#var#} has been shipped.` — owned by SECOND, so DEMO gets 1011. */
  shipping: "1507162019748200001",
  /** `Acme: use code {#var#} for {#var#}% off this weekend.` */
  offer: "1507162019748200002",
} as const;

/** DLT template ids of the small accounts (one each, so their sends reach the route / balance checks). */
export const OTHER_TEMPLATES = {
  lowBalance: "1507162019748300001",
  noRoute: "1507162019748300002",
  inactiveAccount: "1507162019748300003",
  ipLocked: "1507162019748300004",
} as const;

/** Texts of the seeded templates, by DLT template id. */
export const TEMPLATE_TEXTS: Readonly<Record<string, string>> = {
  [DEMO_TEMPLATES.otp]: "Your OTP is {#var#}. Valid for {#var#} minutes.",
  [DEMO_TEMPLATES.order]: "Your order {#var#} confirmed. Amount: ₹{#var#}",
  [DEMO_TEMPLATES.hindiOtp]: "आपका ओटीपी {#var#} है। यह {#var#} मिनट के लिए मान्य है।",
  [DEMO_TEMPLATES.welcome]: "Welcome to QuickCom! Your account is ready. Reply STOP to opt out.",
  [DEMO_TEMPLATES.appointment]:
    "Dear {#var#}, your appointment with {#var#} is confirmed for {#var#} at {#var#}. QuickCom",
  [DEMO_TEMPLATES.inactive]: "Your old plan {#var#} expires today.",
  [DEMO_TEMPLATES.otpCode]: "Your QuickCom verification code is {#var#}. Do not share it with anyone.",
  [SECOND_TEMPLATES.shipping]: "Hi {#var#}, your Acme order {#var#} has been shipped.",
  [SECOND_TEMPLATES.offer]: "Acme: use code {#var#} for {#var#}% off this weekend.",
  [OTHER_TEMPLATES.lowBalance]: "Your verification code is {#var#}.",
  [OTHER_TEMPLATES.noRoute]: "Your verification code is {#var#}.",
  [OTHER_TEMPLATES.inactiveAccount]: "Your verification code is {#var#}.",
  [OTHER_TEMPLATES.ipLocked]: "Your verification code is {#var#}.",
};

const NO_ROUTES = { transactional: null, promotional: null, twoWay: null, voice: null, otp: null };
const ALL_ROUTES = { transactional: 11, promotional: 12, twoWay: 13, voice: 14, otp: 15 };

function account(
  creds: DemoCredentials,
  rest: Omit<SandboxAccount, "appKey" | "appSecret" | "userNumber" | "name">,
): SandboxAccount {
  return {
    appKey: creds.appKey,
    appSecret: creds.appSecret,
    userNumber: creds.userNumber,
    name: creds.name,
    ...rest,
  };
}

function seedAccounts(): SandboxAccount[] {
  const base = {
    twoWaySmsBalance: 0,
    voiceSmsBalance: 0,
    whatsappCredit: "0.0000",
    country: 99,
    ipSecurityEnabled: false,
    ipWhitelist: [],
    userType: 2,
    status: 1,
  };
  return [
    account(DEMO_ACCOUNT, {
      ...base,
      email: "ops@quickcom-demo.in",
      mobile: "9876543210",
      transactionalBalance: 114830,
      promotionalBalance: 50000,
      twoWaySmsBalance: 1200,
      voiceSmsBalance: 500,
      whatsappCredit: "250.5000",
      routes: { ...ALL_ROUTES },
    }),
    account(SECOND_ACCOUNT, {
      ...base,
      email: "it@acme-retail.in",
      mobile: "9123456780",
      transactionalBalance: 2500,
      promotionalBalance: 800,
      routes: { ...ALL_ROUTES, twoWay: null, voice: null },
    }),
    account(INACTIVE_ACCOUNT, {
      ...base,
      email: "owner@dormant.in",
      mobile: "9000000001",
      status: 0,
      transactionalBalance: 1000,
      promotionalBalance: 0,
      routes: { ...ALL_ROUTES },
    }),
    account(IP_LOCKED_ACCOUNT, {
      ...base,
      email: "sec@fortress.in",
      mobile: "9000000002",
      ipSecurityEnabled: true,
      ipWhitelist: ["203.0.113.10", "198.51.100.7"],
      transactionalBalance: 1000,
      promotionalBalance: 0,
      routes: { ...ALL_ROUTES },
    }),
    account(NO_ROUTE_ACCOUNT, {
      ...base,
      email: null,
      mobile: null,
      transactionalBalance: 1000,
      promotionalBalance: 1000,
      routes: { ...NO_ROUTES },
    }),
    account(LOW_BALANCE_ACCOUNT, {
      ...base,
      email: "founder@shoestring.in",
      mobile: "9000000004",
      transactionalBalance: 5,
      promotionalBalance: 0,
      routes: { ...ALL_ROUTES },
    }),
  ];
}

function seedSenderIds(): SandboxSenderId[] {
  const rows: Array<[DemoCredentials, string, number]> = [
    [DEMO_ACCOUNT, "QCOMM", 1],
    [DEMO_ACCOUNT, "ALERTS", 1],
    [DEMO_ACCOUNT, "QCPROM", 0],
    [SECOND_ACCOUNT, "ACMERT", 1],
    [SECOND_ACCOUNT, "ACMEOF", 1],
    [INACTIVE_ACCOUNT, "DRMANT", 1],
    [IP_LOCKED_ACCOUNT, "FRTRSS", 1],
    [NO_ROUTE_ACCOUNT, "RTLESS", 1],
    [LOW_BALANCE_ACCOUNT, "SHOEST", 1],
  ];
  return rows.map(([owner, senderId, status]) => ({ userNumber: owner.userNumber, senderId, status }));
}

function seedTemplates(): SandboxTemplate[] {
  const rows: Array<[DemoCredentials, string, string, number, string, number]> = [
    [DEMO_ACCOUNT, DEMO_TEMPLATES.otp, "OTP", 0, "QCOMM", 1],
    [DEMO_ACCOUNT, DEMO_TEMPLATES.order, "Order confirmation", 0, "ALERTS", 1],
    [DEMO_ACCOUNT, DEMO_TEMPLATES.hindiOtp, "OTP Hindi", 1, "QCOMM", 1],
    [DEMO_ACCOUNT, DEMO_TEMPLATES.welcome, "Welcome", 0, "QCOMM", 1],
    [DEMO_ACCOUNT, DEMO_TEMPLATES.appointment, "Appointment", 0, "ALERTS", 1],
    [DEMO_ACCOUNT, DEMO_TEMPLATES.inactive, "Plan expiry (retired)", 0, "QCOMM", 0],
    [SECOND_ACCOUNT, SECOND_TEMPLATES.shipping, "Shipping update", 0, "ACMERT", 1],
    [SECOND_ACCOUNT, SECOND_TEMPLATES.offer, "Weekend offer", 0, "ACMEOF", 1],
    [LOW_BALANCE_ACCOUNT, OTHER_TEMPLATES.lowBalance, "Verification", 0, "SHOEST", 1],
    [NO_ROUTE_ACCOUNT, OTHER_TEMPLATES.noRoute, "Verification", 0, "RTLESS", 1],
    [INACTIVE_ACCOUNT, OTHER_TEMPLATES.inactiveAccount, "Verification", 0, "DRMANT", 1],
    [IP_LOCKED_ACCOUNT, OTHER_TEMPLATES.ipLocked, "Verification", 0, "FRTRSS", 1],
    [DEMO_ACCOUNT, DEMO_TEMPLATES.otpCode, "OTP login code", 0, "QCOMM", 1],
  ];
  return rows.map(([owner, dltTemplateId, templateName, isUnicode, senderId, status], index) => ({
    id: index + 1,
    userNumber: owner.userNumber,
    templateName,
    entityId: owner === SECOND_ACCOUNT ? "1201159876543210987" : "1201161234567890123",
    headerId: `11051620197481${String(index + 10).padStart(5, "0")}`,
    isUnicode,
    body: TEMPLATE_TEXTS[dltTemplateId] ?? "",
    dltTemplateId,
    senderId,
    status,
  }));
}

const STAGES = [
  "Completed",
  "Completed",
  "Completed",
  "Stop",
  "In-process",
  "Ready-to-complete",
  "Completed",
];

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function pad2(value: number): string {
  return String(value).padStart(2, "0");
}

function seedCampaigns(): SandboxCampaign[] {
  const random = seededRandom(20250228);
  const campaigns: SandboxCampaign[] = [];
  const demoTexts = [
    ["QCOMM", "Your OTP is 482913. Valid for 10 minutes.", "1"],
    ["ALERTS", "Your order QC10442 confirmed. Amount: ₹2499", "1"],
    ["QCOMM", "आपका ओटीपी 771204 है। यह 5 मिनट के लिए मान्य है।", "2"],
    ["QCOMM", "Welcome to QuickCom! Your account is ready. Reply STOP to opt out.", "1"],
    ["ALERTS", "Dear Asha, your appointment with Dr Rao is confirmed for 12-Mar at 10:30. QuickCom", "1"],
  ] as const;
  let id = 1234500;
  for (let i = 0; i < 64; i++) {
    id += 1 + Math.floor(random() * 3);
    const [senderId, message, messageType] = demoTexts[i % demoTexts.length] ?? demoTexts[0];
    const totalContacts = 1 + Math.floor(random() * 1500);
    const invalid = Math.floor(random() * Math.min(5, totalContacts));
    const stage = i === 63 ? "Pending" : (STAGES[i % STAGES.length] ?? "Completed");
    const finished = stage === "Completed" || stage === "Stop";
    const failed = finished ? Math.floor(random() * Math.max(1, totalContacts / 50)) : 0;
    const delivered =
      stage === "Completed"
        ? totalContacts - invalid - failed
        : finished
          ? Math.floor((totalContacts - invalid - failed) / 2)
          : 0;
    const size = messageSize(messageType === "2" ? 2 : 1, textToBytes(message));
    const credit = size.creditSize;
    const day = 1 + (i % 28);
    const month = 1 + Math.floor(i / 28);
    campaigns.push({
      id,
      userNumber: DEMO_ACCOUNT.userNumber,
      uuid: `0d8cbde0-f5cd-11ef-993e-${String(id).padStart(12, "0")}`,
      campaign: "API",
      senderId,
      routeType: 1,
      smsType: "1",
      message,
      messageType,
      isFlash: 0,
      campaignSendDateTime: `2025-${pad2(month)}-${pad2(day)} ${pad2(9 + (i % 11))}:${pad2((i * 7) % 60)}:${pad2((i * 13) % 60)}`,
      messageCount: size.characterCount,
      messageCreditSize: credit,
      totalContacts,
      totalBlockNumber: 0,
      totalInvalidNumber: invalid,
      totalCreditDeduct: (totalContacts - invalid) * credit,
      totalDelivered: Math.max(0, delivered),
      totalFailed: failed,
      status: stage,
    });
    if (i % 12 === 5) {
      id += 1;
      campaigns.push({
        id,
        userNumber: SECOND_ACCOUNT.userNumber,
        uuid: `0d8cbde0-f5cd-11ef-993e-${String(id).padStart(12, "0")}`,
        campaign: "API",
        senderId: "ACMERT",
        routeType: 1,
        smsType: "1",
        message: `Hi Ravi, your Acme order AC${id} has been shipped.`,
        messageType: "1",
        isFlash: 0,
        campaignSendDateTime: `2025-${pad2(month)}-${pad2(day)} 11:15:00`,
        messageCount: 48,
        messageCreditSize: 1,
        totalContacts: 3,
        totalBlockNumber: 0,
        totalInvalidNumber: 0,
        totalCreditDeduct: 3,
        totalDelivered: 3,
        totalFailed: 0,
        status: "Completed",
      });
    }
  }
  return campaigns;
}

/** A fresh copy of the seed state (every call returns new, independent objects). */
export function createSeedState(): SandboxState {
  const campaigns = seedCampaigns();
  const lastId = campaigns.reduce((max, campaign) => Math.max(max, campaign.id), 0);
  return {
    accounts: seedAccounts(),
    senderIds: seedSenderIds(),
    templates: seedTemplates(),
    campaigns,
    nextCampaignId: lastId + 1,
    sendSmsQueues: new Map(),
    deliveringCampaignIds: new Set(),
    cache: new Map(),
    voice: seedVoice(),
    whatsapp: seedWhatsApp(),
  };
}

export {
  DEMO_VOICE_FILES,
  DEMO_WA_CHARGES,
  DEMO_WA_SENDER,
  DEMO_WA_TEMPLATES,
  SECOND_WA_SENDER,
} from "./channel-seed.js";
