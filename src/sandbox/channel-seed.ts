/** Demo voice files and WhatsApp data of the sandbox (deterministic, like the rest of the seed). */
import type {
  SandboxVoiceFile,
  SandboxVoiceState,
  SandboxWhatsAppState,
  SandboxWhatsAppTemplate,
} from "./channel-state.js";

/** `voice_id`s of the seeded voice files, by what each one tests. */
export const DEMO_VOICE_FILES = {
  /** 25 s, approved and verified on the gateway: 1 credit per number. */
  welcome: "QCV1001",
  /** 55 s, approved and verified: 2 credits per number. */
  reminder: "QCV1002",
  /** 110 s, approved and verified: 4 credits per number. */
  festival: "QCV1003",
  /** 40 s, approved but without a gateway voice id: 1020. */
  unverified: "QCV1004",
  /** 20 s, still pending review and not on the gateway: 1020. */
  pending: "QCV1005",
  /** 150 s, verified: the backend has no credit above 120 s and fails with 1005 before charging. */
  tooLong: "QCV1006",
  /** Owned by SECOND_ACCOUNT: DEMO gets 1019. */
  otherAccount: "QCV2001",
} as const;

/** Demo WhatsApp sender numbers (`display_phone_number_req`). */
export const DEMO_WA_SENDER = "919876500001";
/** SECOND_ACCOUNT's sender: DEMO using it gets 1034. */
export const SECOND_WA_SENDER = "919123400002";

/** Seeded WhatsApp template names of DEMO_ACCOUNT. */
export const DEMO_WA_TEMPLATES = {
  /** UTILITY, TEXT, POSITIONAL: `Hi {{1}}, your order {{2}} has shipped.` with a URL button. */
  orderUpdate: "order_update",
  /** MARKETING, MEDIA image: `Hi {{1}}, enjoy {{2}} off this Diwali!` */
  festiveOffer: "festive_offer",
  /** UTILITY, MEDIA document: `Your invoice {{1}} is attached.` */
  invoice: "invoice_ready",
  /** UTILITY, MEDIA location. */
  storeLocation: "store_location",
  /** AUTHENTICATION, TEXT, NAMED: `{{code}} is your verification code.` with a copy-code button. */
  loginCode: "login_code",
  /** UTILITY, TEXT, NAMED header and body. */
  appointment: "appointment_reminder",
  /** SERVICE, whose charge DEMO has not got: 1033. */
  feedback: "feedback_request",
  /** MARKETING, still PENDING at Meta (the backend sends it anyway). */
  draftPromo: "draft_promo",
} as const;

/** The demo account's WhatsApp charges per category (DECIMAL strings; service unset). */
export const DEMO_WA_CHARGES = { marketing: "0.8750", utility: "0.1250", authentication: "0.1250" } as const;

const DEMO = 16;
const SECOND = 27;

function voiceFile(
  id: number,
  userNumber: number,
  voiceId: string,
  title: string,
  fileStatus: number,
  durationSeconds: number,
  verified: boolean,
): SandboxVoiceFile {
  return {
    id,
    userNumber,
    voiceId,
    title,
    fileStatus,
    fileLocation: `voice/${userNumber}/${voiceId.toLowerCase()}.wav`,
    durationSeconds,
    mimeType: "audio/x-wav",
    extension: "wav",
    gatewayVoiceId: verified ? `GW${voiceId}` : null,
  };
}

/** Fresh voice tables. */
export function seedVoice(): SandboxVoiceState {
  const f = DEMO_VOICE_FILES;
  return {
    files: [
      voiceFile(1, DEMO, f.welcome, "Welcome call", 3, 25, true),
      voiceFile(2, DEMO, f.reminder, "Payment reminder", 3, 55, true),
      voiceFile(3, DEMO, f.festival, "Festival greetings", 3, 110, true),
      voiceFile(4, DEMO, f.unverified, "New menu announcement", 3, 40, false),
      voiceFile(5, DEMO, f.pending, "Store timings", 1, 20, false),
      voiceFile(6, DEMO, f.tooLong, "Product walkthrough", 3, 150, true),
      voiceFile(7, SECOND, f.otherAccount, "Acme hold music", 3, 30, true),
    ],
    campaigns: [],
    nextCampaignId: 5001,
  };
}

function template(
  id: number,
  userNumber: number,
  rest: Omit<SandboxWhatsAppTemplate, "id" | "userNumber" | "language" | "tags" | "buttons"> &
    Partial<Pick<SandboxWhatsAppTemplate, "buttons" | "tags">>,
): SandboxWhatsAppTemplate {
  return { id, userNumber, language: "en", tags: null, buttons: [], ...rest };
}

/** Fresh WhatsApp tables. */
export function seedWhatsApp(): SandboxWhatsAppState {
  const t = DEMO_WA_TEMPLATES;
  const text = {
    templateType: "TEXT",
    mediaType: null,
    headerText: null,
    headerVariable: null,
    footerText: null,
  };
  return {
    configurations: [
      { id: 1, userNumber: DEMO, displayPhoneNumber: DEMO_WA_SENDER, senderNumber: "109876543210987" },
      { id: 2, userNumber: SECOND, displayPhoneNumber: SECOND_WA_SENDER, senderNumber: "109123456789012" },
    ],
    charges: [
      { userNumber: DEMO, countryId: 76, ...DEMO_WA_CHARGES, service: null },
      {
        userNumber: SECOND,
        countryId: 76,
        marketing: "0.8750",
        utility: "0.1250",
        service: "0.1000",
        authentication: "0.1250",
      },
    ],
    templates: [
      template(1, DEMO, {
        ...text,
        templateName: t.orderUpdate,
        category: "UTILITY",
        message: "Hi {{1}}, your order {{2}} has shipped.",
        messageVariable: "{{1}},{{2}}",
        footerText: "QuickCom Demo",
        parameterFormat: "POSITIONAL",
        waStatus: "APPROVED",
        buttons: [
          {
            id: 1,
            buttonType: "URL",
            urlType: "dynamic",
            buttonText: "Track order",
            buttonValName: null,
            buttonValue: "https://demo.quickcom.local/track/{{1}}",
            buttonVariables: "{{1}}",
          },
        ],
      }),
      template(2, DEMO, {
        templateName: t.festiveOffer,
        category: "MARKETING",
        templateType: "MEDIA",
        mediaType: "IMAGE",
        headerText: null,
        headerVariable: null,
        message: "Hi {{1}}, enjoy {{2}} off this Diwali!",
        messageVariable: "{{1}},{{2}}",
        footerText: "Reply STOP to opt out",
        parameterFormat: "POSITIONAL",
        waStatus: "APPROVED",
        tags: "diwali,offer",
      }),
      template(3, DEMO, {
        templateName: t.invoice,
        category: "UTILITY",
        templateType: "MEDIA",
        mediaType: "DOCUMENT",
        headerText: null,
        headerVariable: null,
        message: "Your invoice {{1}} is attached.",
        messageVariable: "{{1}}",
        footerText: null,
        parameterFormat: "POSITIONAL",
        waStatus: "APPROVED",
      }),
      template(4, DEMO, {
        templateName: t.storeLocation,
        category: "UTILITY",
        templateType: "MEDIA",
        mediaType: "LOCATION",
        headerText: null,
        headerVariable: null,
        message: "Visit us at our new store.",
        messageVariable: null,
        footerText: null,
        parameterFormat: "POSITIONAL",
        waStatus: "APPROVED",
      }),
      template(5, DEMO, {
        ...text,
        templateName: t.loginCode,
        category: "AUTHENTICATION",
        message: "{{code}} is your verification code.",
        messageVariable: "{{code}}",
        parameterFormat: "NAMED",
        waStatus: "APPROVED",
        buttons: [
          {
            id: 2,
            buttonType: "COPY_CODE",
            urlType: null,
            buttonText: "Copy code",
            buttonValName: "code",
            buttonValue: null,
            buttonVariables: null,
          },
        ],
      }),
      template(6, DEMO, {
        ...text,
        templateName: t.appointment,
        category: "UTILITY",
        headerText: "Hello {{name}}",
        headerVariable: "{{name}}",
        message: "Your appointment is on {{date}} at {{time}}.",
        messageVariable: "{{date}},{{time}}",
        parameterFormat: "NAMED",
        waStatus: "APPROVED",
      }),
      template(7, DEMO, {
        ...text,
        templateName: t.feedback,
        category: "SERVICE",
        message: "How did we do? Reply 1 to 5.",
        messageVariable: null,
        parameterFormat: "POSITIONAL",
        waStatus: "APPROVED",
      }),
      template(8, DEMO, {
        ...text,
        templateName: t.draftPromo,
        category: "MARKETING",
        message: "New arrivals are here, {{1}}!",
        messageVariable: "{{1}}",
        parameterFormat: "POSITIONAL",
        waStatus: "PENDING",
      }),
      template(9, SECOND, {
        ...text,
        templateName: "acme_welcome",
        category: "UTILITY",
        message: "Welcome to Acme, {{1}}.",
        messageVariable: "{{1}}",
        parameterFormat: "POSITIONAL",
        waStatus: "APPROVED",
      }),
    ],
    files: [
      {
        userNumber: DEMO,
        filePath: "/wa/16/diwali-banner.jpg",
        fileType: "image",
        mimeType: "image/jpeg",
        fileSize: 182044,
        fileCaption: "Diwali banner",
      },
      {
        userNumber: DEMO,
        filePath: "wa/16/invoice-sample.pdf",
        fileType: "document",
        mimeType: "application/pdf",
        fileSize: 48210,
        fileCaption: null,
      },
      {
        userNumber: DEMO,
        filePath: "wa/16/store-tour.mp4",
        fileType: "video",
        mimeType: "video/mp4",
        fileSize: 5242880,
        fileCaption: "Store tour",
      },
      {
        userNumber: SECOND,
        filePath: "wa/27/acme-logo.png",
        fileType: "image",
        mimeType: "image/png",
        fileSize: 20480,
        fileCaption: null,
      },
    ],
    campaigns: [],
    nextCampaignId: 7001,
  };
}
