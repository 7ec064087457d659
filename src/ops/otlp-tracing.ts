/**
 * Starts the OpenTelemetry SDK for the gateway: a tracer provider named OTEL_SERVICE_NAME whose spans are
 * batched and exported over OTLP/HTTP (protobuf) to the configured traces endpoint. Imported lazily by
 * start-up only when tracing is configured; the SDK packages are imported dynamically too (a bundle hoists static
 * imports of external packages), so a gateway without tracing never loads the SDK.
 */
import type { TracingConfig } from "../config.js";
import { createTracing, type GatewayTracing } from "./tracing.js";

/** Starts the SDK with `config` and returns the gateway's tracing over it (its `shutdown` flushes the batch). */
export async function startOtlpTracing(config: TracingConfig): Promise<GatewayTracing> {
  const [{ OTLPTraceExporter }, { resourceFromAttributes }, { BasicTracerProvider, BatchSpanProcessor }] =
    await Promise.all([
      import("@opentelemetry/exporter-trace-otlp-proto"),
      import("@opentelemetry/resources"),
      import("@opentelemetry/sdk-trace-base"),
    ]);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": config.serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.endpoint }))],
  });
  return createTracing({
    tracer: provider.getTracer("quickcom-gateway"),
    shutdown: () => provider.shutdown(),
  });
}
