/**
 * The GraphQL schema: imports every type file and builds.
 */
import { builder } from "./builder.js";
import "./scalars.js";
import "./connection.js";
import "./errors.js";
import "./account.js";
import "./sender-id.js";
import "./template.js";
import "./campaign.js";
import "./message.js";
import "./otp.js";
import "./audit.js";
import "./delivery.js";
import "./whatsapp.js";
import "./whatsapp-send.js";
import "./voice.js";
import "./voice-send.js";

/** The executable schema shared by `/graphql` and the MCP tools. */
export const schema = builder.toSchema({ sortSchema: true });
