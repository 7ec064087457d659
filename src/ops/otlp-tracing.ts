/**
 * Starts the OpenTelemetry SDK for the gateway: a tracer provider named OTEL_SERVICE_NAME whose spans are
 * batched and exported over OTLP/HTTP (protobuf) to the configured traces endpoint. Imported lazily by
 * start-up only when tracing is configured, so a gateway without it never loads the SDK.
 */
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { TracingConfig } from "../config.js";
import { createTracing, type GatewayTracing } from "./tracing.js";

/** Starts the SDK with `config` and returns the gateway's tracing over it (its `shutdown` flushes the batch). */
export function startOtlpTracing(config: TracingConfig): GatewayTracing {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": config.serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.endpoint }))],
  });
  return createTracing({
    tracer: provider.getTracer("quickcom-gateway"),
    shutdown: () => provider.shutdown(),
  });
}
