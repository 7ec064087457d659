/** The backend's answer envelope (`apiPrepareResult`) and its canned error answers, verbatim. */
import { carbonJson } from "./ist.js";
import { phpJsonEncode } from "./php-json.js";

/** One HTTP answer of the sandbox API, before rate-limit headers are added. */
export interface ApiAnswer {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

/** Verbatim `translate.*` messages of the backend. */
export const MESSAGES = {
  accountActive: "Account is in active status.",
  informationRetrieved: "Information successfully retrieved.",
  campaignProcessed: "Campaign successfully processed",
  invalidKeys: "User Account not found, please check your API_KEY and SECRET_KEY.",
  ipNotWhitelisted: "IP address not white listed.",
  accountInactive: "Your account is temporarily deactivated, Please contact to support.",
  validationFailed: "Validation failed",
  invalidScheduleDate:
    "Schedule date-time is incorrect  [date and time format will be YYYY-MM-DD HH:MM (time 24Hrs format)], please change time and send again.",
  scheduleInPast: "Schedule date-time not allowed. please use future date and time.",
  promotionalHours: "You cannot sent promotional message before 09:00AM and after 09:00PM",
  templateNotFound: "DLT Template not found. Please check and send it again.",
  insufficientBalance:
    "You don't have sufficient balance to perform this operation. Please contact to admin.",
  gatewayNotWorking: "SMS gateway not working. please contact to admin now.",
  somethingWentWrong: "Something went wrong, please try again.",
  responseTokenEmpty: "Campaign response token found empty, Please check and try again.",
  recordNotFound: "Record not found",
  mobileNumberInvalid: "Invalid mobile number, Please add 10 OR 12 digit mobile number without + symbol.",
} as const;

/** Times of one request: `intime` is taken when the request arrives, `outtime` when it is answered. */
export interface RequestTimes {
  intime: Date;
  now: () => Date;
}

/** `response()->json(apiPrepareResult(...), $httpStatus)`. */
export function envelope(
  httpStatus: number,
  times: RequestTimes,
  status: boolean,
  message: string,
  data: unknown,
  errors: unknown,
  errorCode: number | null,
): ApiAnswer {
  const body = phpJsonEncode({
    status,
    intime: carbonJson(times.intime),
    outtime: carbonJson(times.now()),
    message,
    data,
    errors,
    error_code: errorCode,
  });
  return { status: httpStatus, contentType: "application/json", body };
}

/** A 200 success envelope. */
export function success(times: RequestTimes, message: string, data: unknown): ApiAnswer {
  return envelope(200, times, true, message, data, {}, null);
}

function failure(
  times: RequestTimes,
  httpStatus: number,
  code: number,
  message: string,
  errors: unknown,
): ApiAnswer {
  return envelope(httpStatus, times, false, message, {}, errors, code);
}

/** 401 / 1017 (`invalidApiKeyOrSecretKey`). */
export function invalidKeys(times: RequestTimes): ApiAnswer {
  return failure(times, 401, 1017, MESSAGES.invalidKeys, { invalid_account_keys: MESSAGES.invalidKeys });
}

/** 401 / 1001 (`ipAddressNotValid`): the caller's IP is appended to the message. */
export function ipNotAllowed(times: RequestTimes, ip: string): ApiAnswer {
  const message = `${MESSAGES.ipNotWhitelisted} IP:${ip}`;
  return failure(times, 401, 1001, message, { ip_address_not_allowed: message });
}

/** 401 / 1016 (`accountDeactivated`). */
export function accountInactive(times: RequestTimes): ApiAnswer {
  return failure(times, 401, 1016, MESSAGES.accountInactive, { account_inactive: MESSAGES.accountInactive });
}

/** 400 / 1002 (`validationFailed`) with Laravel's `{field: [messages]}`. */
export function validationFailed(times: RequestTimes, errors: Record<string, string[]>): ApiAnswer {
  return failure(times, 400, 1002, MESSAGES.validationFailed, errors);
}

/** 422 / 1006 (`invalidDateTimeFormat`). */
export function invalidScheduleDate(times: RequestTimes): ApiAnswer {
  return failure(times, 422, 1006, MESSAGES.invalidScheduleDate, {
    invalid_schedule_date_time: MESSAGES.invalidScheduleDate,
  });
}

/**
 * 422 / 1008 (`dateTimeNotAllowed`). The backend passes a PHP list here, so `errors` comes out as
 * `{"0": "date_and_time_not_allowed"}`.
 */
export function scheduleInPast(times: RequestTimes): ApiAnswer {
  return failure(times, 422, 1008, MESSAGES.scheduleInPast, { "0": "date_and_time_not_allowed" });
}

/** 422 / 1008 (`promotionalDateTimeNotAllowed`). */
export function promotionalHours(times: RequestTimes): ApiAnswer {
  return failure(times, 422, 1008, MESSAGES.promotionalHours, {
    date_and_time_not_allowed: MESSAGES.promotionalHours,
  });
}

/** 422 / 1011 (`dltTemplateNotFound`). */
export function templateNotFound(times: RequestTimes): ApiAnswer {
  return failure(times, 422, 1011, MESSAGES.templateNotFound, {
    dlt_template_not_associated: MESSAGES.templateNotFound,
  });
}

/** 422 / 1007 (`notHaveSufficientBalance`). */
export function insufficientBalance(times: RequestTimes): ApiAnswer {
  return failure(times, 422, 1007, MESSAGES.insufficientBalance, {
    insufficient_balance: MESSAGES.insufficientBalance,
  });
}

/** 422 / 1018 (`getewayNotWorking`). */
export function gatewayNotWorking(times: RequestTimes): ApiAnswer {
  return failure(times, 422, 1018, MESSAGES.gatewayNotWorking, {
    gateway_not_working: MESSAGES.gatewayNotWorking,
  });
}

/** 500 / 1005 (`catchException`): `errors.exception_occur` carries the exception's message. */
export function exceptionOccurred(times: RequestTimes, exceptionMessage: string): ApiAnswer {
  return failure(times, 500, 1005, MESSAGES.somethingWentWrong, { exception_occur: exceptionMessage });
}

/** 422 / 1013 (`responseTokenEmpty`): the report endpoints' campaign uuid is missing or empty. */
export function campaignTokenEmpty(times: RequestTimes): ApiAnswer {
  return failure(times, 422, 1013, MESSAGES.responseTokenEmpty, {
    campaign_token_not_found: MESSAGES.responseTokenEmpty,
  });
}

/** 404 / 1014 (`recordNotFound`): no campaign with that uuid belongs to the caller. */
export function campaignNotFound(times: RequestTimes): ApiAnswer {
  return failure(times, 404, 1014, MESSAGES.recordNotFound, { campaign_not_found: MESSAGES.recordNotFound });
}

/** 404 / 1015 (`mobileNumberEmptyORInvalid`): the number is empty or not 10 to 12 characters long. */
export function invalidMobileNumber(times: RequestTimes): ApiAnswer {
  return failure(times, 404, 1015, MESSAGES.mobileNumberInvalid, {
    invalid_mobile_number: MESSAGES.mobileNumberInvalid,
  });
}
