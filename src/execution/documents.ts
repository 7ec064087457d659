/**
 * The document cache shared by every front door: a document text is parsed (within the token limit) and
 * validated (with the gateway's rules) once, and each of its operations is compiled by graphql-jit once.
 * Fixed documents (MCP's generated operations) are cached by object instead of by text.
 */
import { complexityFromQuery } from "@pothos/plugin-complexity";
import {
  type DocumentNode,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
  validate,
} from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";
import { withinComplexityLimits } from "../schema/limits.js";
import { parseWithinLimits, type QueryLimits, validationRules } from "./limits.js";

/** One operation of a valid document, ready to run. */
export interface PreparedOperation {
  compiled: CompiledQuery;
  /** The operation's definition, for the scope rule. */
  operation: OperationDefinitionNode;
  /** The requested operation name, else the operation's own, else `anonymous`. */
  name: string;
  /**
   * True when the operation takes no variables and was measured within the complexity limits once, here;
   * otherwise the complexity plugin measures it on every execution.
   */
  complexityChecked: boolean;
}

/** A parsed document text: its document or parse error, its validation errors and compiled operations. */
interface Entry {
  document: DocumentNode | null;
  parseError: unknown;
  errors: readonly GraphQLError[];
  /** By operation name (`""` for none); an operation that cannot be compiled keeps the result saying why. */
  operations: Map<string, PreparedOperation | ExecutionResult>;
}

const MAX_SOURCES = 1_000;

/** Whether `operation` is prepared (rather than the result of a failed compilation). */
export function isPrepared(operation: PreparedOperation | ExecutionResult): operation is PreparedOperation {
  return "compiled" in operation;
}

/** Whether a document with one variable-free operation is within the complexity limits (false when unsure). */
function measuredWithinLimits(schema: GraphQLSchema, document: DocumentNode): boolean {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || (operations[0]?.variableDefinitions?.length ?? 0) > 0) return false;
  try {
    return withinComplexityLimits(complexityFromQuery(document, { schema, variables: {} }));
  } catch {
    return false;
  }
}

/** Parses, validates and compiles documents once each. */
export class DocumentCache {
  readonly #schema: GraphQLSchema;
  readonly #limits: QueryLimits;
  readonly #rules;
  readonly #bySource = new Map<string, Entry>();
  readonly #byDocument = new WeakMap<DocumentNode, Entry>();
  readonly #fixed = new WeakMap<DocumentNode, PreparedOperation>();

  /** A cache for `schema` checking documents against `limits`. */
  constructor(schema: GraphQLSchema, limits: QueryLimits) {
    this.#schema = schema;
    this.#limits = limits;
    this.#rules = validationRules(limits);
  }

  /** The document of `source`; throws its (remembered) parse error. */
  parse(source: string): DocumentNode {
    const entry = this.#ofSource(source);
    if (entry.document === null) throw entry.parseError;
    return entry.document;
  }

  /** The validation errors of `document` (none when valid). */
  validate(document: DocumentNode): readonly GraphQLError[] {
    return this.#ofDocument(document).errors;
  }

  /** The compiled operation `operationName` of a valid `document`, or the result saying why it cannot run. */
  operation(document: DocumentNode, operationName?: string | null): PreparedOperation | ExecutionResult {
    const entry = this.#ofDocument(document);
    const key = operationName ?? "";
    let operation = entry.operations.get(key);
    if (operation === undefined) {
      operation = this.#compile(document, operationName ?? undefined);
      entry.operations.set(key, operation);
    }
    return operation;
  }

  /**
   * The operation of a query text, or null when it does not parse, validate or compile, or is a subscription
   * (which is yoga's, over SSE).
   */
  prepare(source: string, operationName?: string | null): PreparedOperation | null {
    const entry = this.#ofSource(source);
    if (entry.document === null || entry.errors.length > 0) return null;
    let operation = entry.operations.get(operationName ?? "");
    if (operation === undefined) {
      if (getOperationAST(entry.document, operationName)?.operation === "subscription") return null;
      operation = this.operation(entry.document, operationName);
    }
    return isPrepared(operation) ? operation : null;
  }

  /** The one operation of a fixed (generated) document; throws when it is not valid. */
  prepareFixed(document: DocumentNode): PreparedOperation {
    const prepared = this.#fixed.get(document);
    if (prepared !== undefined) return prepared;
    const problems = this.validate(document);
    if (problems.length > 0) {
      throw new Error(`Invalid operation document: ${problems.map((p) => p.message).join("; ")}`);
    }
    const operation = this.operation(document);
    if (!isPrepared(operation)) throw new Error("The operation document could not be compiled.");
    this.#fixed.set(document, operation);
    return operation;
  }

  #ofSource(source: string): Entry {
    let entry = this.#bySource.get(source);
    if (entry === undefined) {
      try {
        entry = this.#entry(parseWithinLimits(source, this.#limits));
      } catch (error) {
        entry = { document: null, parseError: error, errors: [], operations: new Map() };
      }
      if (this.#bySource.size >= MAX_SOURCES) this.#bySource.clear();
      this.#bySource.set(source, entry);
    }
    return entry;
  }

  #ofDocument(document: DocumentNode): Entry {
    return this.#byDocument.get(document) ?? this.#entry(document);
  }

  #entry(document: DocumentNode): Entry {
    const entry: Entry = {
      document,
      parseError: null,
      errors: validate(this.#schema, document, this.#rules),
      operations: new Map(),
    };
    this.#byDocument.set(document, entry);
    return entry;
  }

  #compile(document: DocumentNode, operationName: string | undefined): PreparedOperation | ExecutionResult {
    const compiled = compileQuery(this.#schema, document, operationName, { customJSONSerializer: false });
    if (!isCompiledQuery(compiled)) return compiled;
    const operation = getOperationAST(document, operationName) as OperationDefinitionNode;
    return {
      compiled,
      operation,
      name: operationName ?? operation.name?.value ?? "anonymous",
      complexityChecked: measuredWithinLimits(this.#schema, document),
    };
  }
}
