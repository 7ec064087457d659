/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query GetAccount {\n  account {\n    userNumber\n    name\n    email\n    mobile\n    active\n    ipSecurityEnabled\n    balance {\n      transactional\n      promotional\n      twoWaySms\n      voice\n      whatsappCredit\n    }\n  }\n}": typeof types.GetAccountDocument,
    "query GetTemplate($dltTemplateId: String!) {\n  template(dltTemplateId: $dltTemplateId) {\n    ...TemplateFields\n  }\n}": typeof types.GetTemplateDocument,
    "query ListCampaigns($first: Int, $after: String) {\n  campaigns(first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        campaignId\n        name\n        senderId\n        message\n        totalContacts\n        delivered\n        failed\n        stage\n        sentAt\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.ListCampaignsDocument,
    "query ListSenderIds($first: Int, $after: String) {\n  senderIds(first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        name\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.ListSenderIdsDocument,
    "query ListTemplates($first: Int, $after: String) {\n  templates(first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        ...TemplateFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.ListTemplatesDocument,
    "query PreviewMessage($input: SendMessageInput!) {\n  messagePreview(input: $input) {\n    template {\n      dltTemplateId\n      name\n      headerId\n    }\n    message\n    encoding\n    characters\n    segments\n    creditsPerMessage\n    billedAsUnicode\n    validNumbers\n    invalidNumbers\n    duplicateNumbers\n    estimatedCredits\n    availableCredits\n    sufficientBalance\n    warnings\n    confirmationToken\n    confirmationExpiresAt\n  }\n}": typeof types.PreviewMessageDocument,
    "mutation SendMessage($input: SendMessageInput!) {\n  sendMessage(input: $input) {\n    __typename\n    ... on SendMessageSuccess {\n      campaign {\n        uuid\n        senderId\n        message\n        status\n        totalContacts\n        creditsPerMessage\n        creditsDeducted\n        invalidNumbers\n        scheduledAt\n        idempotencyKey\n        replayed\n        chunks {\n          ...ChunkFields\n        }\n      }\n    }\n    ... on Error {\n      code\n      message\n    }\n    ... on InvalidInputError {\n      fieldErrors {\n        field\n        message\n      }\n    }\n    ... on UpstreamRejectedError {\n      fieldErrors {\n        field\n        message\n      }\n    }\n    ... on TemplateVariablesError {\n      expected\n      problems {\n        code\n        index\n        message\n      }\n    }\n    ... on InvalidNumbersError {\n      invalidNumbers\n    }\n    ... on InsufficientBalanceError {\n      requiredCredits\n      availableCredits\n    }\n    ... on RateLimitedError {\n      retryAfterSeconds\n    }\n    ... on SendOutcomeUnknownError {\n      idempotencyKey\n    }\n    ... on PartialSendError {\n      retryIdempotencyKey: idempotencyKey\n      chunks {\n        ...ChunkFields\n      }\n    }\n    ... on CapExceededError {\n      cap\n      limit\n      requested\n    }\n    ... on IdempotencyKeyUsedError {\n      previousOutcome\n      usedAt\n      campaignUuids\n    }\n  }\n}": typeof types.SendMessageDocument,
    "fragment TemplateFields on Template {\n  dltTemplateId\n  name\n  body\n  variableCount\n  unicode\n  headerId\n  entityId\n}\n\nfragment ChunkFields on SendChunk {\n  index\n  recipients\n  status\n  uuid\n  creditsDeducted\n  code\n  message\n}": typeof types.TemplateFieldsFragmentDoc,
};
const documents: Documents = {
    "query GetAccount {\n  account {\n    userNumber\n    name\n    email\n    mobile\n    active\n    ipSecurityEnabled\n    balance {\n      transactional\n      promotional\n      twoWaySms\n      voice\n      whatsappCredit\n    }\n  }\n}": types.GetAccountDocument,
    "query GetTemplate($dltTemplateId: String!) {\n  template(dltTemplateId: $dltTemplateId) {\n    ...TemplateFields\n  }\n}": types.GetTemplateDocument,
    "query ListCampaigns($first: Int, $after: String) {\n  campaigns(first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        campaignId\n        name\n        senderId\n        message\n        totalContacts\n        delivered\n        failed\n        stage\n        sentAt\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.ListCampaignsDocument,
    "query ListSenderIds($first: Int, $after: String) {\n  senderIds(first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        name\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.ListSenderIdsDocument,
    "query ListTemplates($first: Int, $after: String) {\n  templates(first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        ...TemplateFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.ListTemplatesDocument,
    "query PreviewMessage($input: SendMessageInput!) {\n  messagePreview(input: $input) {\n    template {\n      dltTemplateId\n      name\n      headerId\n    }\n    message\n    encoding\n    characters\n    segments\n    creditsPerMessage\n    billedAsUnicode\n    validNumbers\n    invalidNumbers\n    duplicateNumbers\n    estimatedCredits\n    availableCredits\n    sufficientBalance\n    warnings\n    confirmationToken\n    confirmationExpiresAt\n  }\n}": types.PreviewMessageDocument,
    "mutation SendMessage($input: SendMessageInput!) {\n  sendMessage(input: $input) {\n    __typename\n    ... on SendMessageSuccess {\n      campaign {\n        uuid\n        senderId\n        message\n        status\n        totalContacts\n        creditsPerMessage\n        creditsDeducted\n        invalidNumbers\n        scheduledAt\n        idempotencyKey\n        replayed\n        chunks {\n          ...ChunkFields\n        }\n      }\n    }\n    ... on Error {\n      code\n      message\n    }\n    ... on InvalidInputError {\n      fieldErrors {\n        field\n        message\n      }\n    }\n    ... on UpstreamRejectedError {\n      fieldErrors {\n        field\n        message\n      }\n    }\n    ... on TemplateVariablesError {\n      expected\n      problems {\n        code\n        index\n        message\n      }\n    }\n    ... on InvalidNumbersError {\n      invalidNumbers\n    }\n    ... on InsufficientBalanceError {\n      requiredCredits\n      availableCredits\n    }\n    ... on RateLimitedError {\n      retryAfterSeconds\n    }\n    ... on SendOutcomeUnknownError {\n      idempotencyKey\n    }\n    ... on PartialSendError {\n      retryIdempotencyKey: idempotencyKey\n      chunks {\n        ...ChunkFields\n      }\n    }\n    ... on CapExceededError {\n      cap\n      limit\n      requested\n    }\n    ... on IdempotencyKeyUsedError {\n      previousOutcome\n      usedAt\n      campaignUuids\n    }\n  }\n}": types.SendMessageDocument,
    "fragment TemplateFields on Template {\n  dltTemplateId\n  name\n  body\n  variableCount\n  unicode\n  headerId\n  entityId\n}\n\nfragment ChunkFields on SendChunk {\n  index\n  recipients\n  status\n  uuid\n  creditsDeducted\n  code\n  message\n}": types.TemplateFieldsFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GetAccount {\n  account {\n    userNumber\n    name\n    email\n    mobile\n    active\n    ipSecurityEnabled\n    balance {\n      transactional\n      promotional\n      twoWaySms\n      voice\n      whatsappCredit\n    }\n  }\n}"): (typeof documents)["query GetAccount {\n  account {\n    userNumber\n    name\n    email\n    mobile\n    active\n    ipSecurityEnabled\n    balance {\n      transactional\n      promotional\n      twoWaySms\n      voice\n      whatsappCredit\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GetTemplate($dltTemplateId: String!) {\n  template(dltTemplateId: $dltTemplateId) {\n    ...TemplateFields\n  }\n}"): (typeof documents)["query GetTemplate($dltTemplateId: String!) {\n  template(dltTemplateId: $dltTemplateId) {\n    ...TemplateFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ListCampaigns($first: Int, $after: String) {\n  campaigns(first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        campaignId\n        name\n        senderId\n        message\n        totalContacts\n        delivered\n        failed\n        stage\n        sentAt\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query ListCampaigns($first: Int, $after: String) {\n  campaigns(first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        campaignId\n        name\n        senderId\n        message\n        totalContacts\n        delivered\n        failed\n        stage\n        sentAt\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ListSenderIds($first: Int, $after: String) {\n  senderIds(first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        name\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query ListSenderIds($first: Int, $after: String) {\n  senderIds(first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        name\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ListTemplates($first: Int, $after: String) {\n  templates(first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        ...TemplateFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query ListTemplates($first: Int, $after: String) {\n  templates(first: $first, after: $after) {\n    totalCount\n    edges {\n      node {\n        ...TemplateFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PreviewMessage($input: SendMessageInput!) {\n  messagePreview(input: $input) {\n    template {\n      dltTemplateId\n      name\n      headerId\n    }\n    message\n    encoding\n    characters\n    segments\n    creditsPerMessage\n    billedAsUnicode\n    validNumbers\n    invalidNumbers\n    duplicateNumbers\n    estimatedCredits\n    availableCredits\n    sufficientBalance\n    warnings\n    confirmationToken\n    confirmationExpiresAt\n  }\n}"): (typeof documents)["query PreviewMessage($input: SendMessageInput!) {\n  messagePreview(input: $input) {\n    template {\n      dltTemplateId\n      name\n      headerId\n    }\n    message\n    encoding\n    characters\n    segments\n    creditsPerMessage\n    billedAsUnicode\n    validNumbers\n    invalidNumbers\n    duplicateNumbers\n    estimatedCredits\n    availableCredits\n    sufficientBalance\n    warnings\n    confirmationToken\n    confirmationExpiresAt\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SendMessage($input: SendMessageInput!) {\n  sendMessage(input: $input) {\n    __typename\n    ... on SendMessageSuccess {\n      campaign {\n        uuid\n        senderId\n        message\n        status\n        totalContacts\n        creditsPerMessage\n        creditsDeducted\n        invalidNumbers\n        scheduledAt\n        idempotencyKey\n        replayed\n        chunks {\n          ...ChunkFields\n        }\n      }\n    }\n    ... on Error {\n      code\n      message\n    }\n    ... on InvalidInputError {\n      fieldErrors {\n        field\n        message\n      }\n    }\n    ... on UpstreamRejectedError {\n      fieldErrors {\n        field\n        message\n      }\n    }\n    ... on TemplateVariablesError {\n      expected\n      problems {\n        code\n        index\n        message\n      }\n    }\n    ... on InvalidNumbersError {\n      invalidNumbers\n    }\n    ... on InsufficientBalanceError {\n      requiredCredits\n      availableCredits\n    }\n    ... on RateLimitedError {\n      retryAfterSeconds\n    }\n    ... on SendOutcomeUnknownError {\n      idempotencyKey\n    }\n    ... on PartialSendError {\n      retryIdempotencyKey: idempotencyKey\n      chunks {\n        ...ChunkFields\n      }\n    }\n    ... on CapExceededError {\n      cap\n      limit\n      requested\n    }\n    ... on IdempotencyKeyUsedError {\n      previousOutcome\n      usedAt\n      campaignUuids\n    }\n  }\n}"): (typeof documents)["mutation SendMessage($input: SendMessageInput!) {\n  sendMessage(input: $input) {\n    __typename\n    ... on SendMessageSuccess {\n      campaign {\n        uuid\n        senderId\n        message\n        status\n        totalContacts\n        creditsPerMessage\n        creditsDeducted\n        invalidNumbers\n        scheduledAt\n        idempotencyKey\n        replayed\n        chunks {\n          ...ChunkFields\n        }\n      }\n    }\n    ... on Error {\n      code\n      message\n    }\n    ... on InvalidInputError {\n      fieldErrors {\n        field\n        message\n      }\n    }\n    ... on UpstreamRejectedError {\n      fieldErrors {\n        field\n        message\n      }\n    }\n    ... on TemplateVariablesError {\n      expected\n      problems {\n        code\n        index\n        message\n      }\n    }\n    ... on InvalidNumbersError {\n      invalidNumbers\n    }\n    ... on InsufficientBalanceError {\n      requiredCredits\n      availableCredits\n    }\n    ... on RateLimitedError {\n      retryAfterSeconds\n    }\n    ... on SendOutcomeUnknownError {\n      idempotencyKey\n    }\n    ... on PartialSendError {\n      retryIdempotencyKey: idempotencyKey\n      chunks {\n        ...ChunkFields\n      }\n    }\n    ... on CapExceededError {\n      cap\n      limit\n      requested\n    }\n    ... on IdempotencyKeyUsedError {\n      previousOutcome\n      usedAt\n      campaignUuids\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment TemplateFields on Template {\n  dltTemplateId\n  name\n  body\n  variableCount\n  unicode\n  headerId\n  entityId\n}\n\nfragment ChunkFields on SendChunk {\n  index\n  recipients\n  status\n  uuid\n  creditsDeducted\n  code\n  message\n}"): (typeof documents)["fragment TemplateFields on Template {\n  dltTemplateId\n  name\n  body\n  variableCount\n  unicode\n  headerId\n  entityId\n}\n\nfragment ChunkFields on SendChunk {\n  index\n  recipients\n  status\n  uuid\n  creditsDeducted\n  code\n  message\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;