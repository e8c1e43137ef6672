// The Durable Task JS SDK (@microsoft/durabletask-js 0.4.0) against OrleansWorkflows' gRPC endpoint: a JS worker runs a
// hello sequence, a durable timer and an external event; a JS client starts them and reads their results. Run with
// `node --test tests/JsSmoke/smoke.test.mjs` after building the gateway (.ci/run installs the package and runs it where node is).
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { after, before, test } from "node:test";
import { durableTaskJs, startGateway } from "./gateway.mjs";

const { TaskHubGrpcClient, TaskHubGrpcWorker, OrchestrationStatus } = createRequire(import.meta.url)(durableTaskJs);

// Names no in-process sample of the gateway uses (registered names run in-process, others on connected workers).
const jsSayHello = async (_ctx, name) => `Hello ${name}!`;

const jsHelloSequence = async function* (ctx) {
  const cities = [];
  cities.push(yield ctx.callActivity(jsSayHello, "Tokyo"));
  cities.push(yield ctx.callActivity(jsSayHello, "Seattle"));
  cities.push(yield ctx.callActivity(jsSayHello, "London"));
  return cities;
};

const jsTimer = async function* (ctx, seconds) {
  const started = ctx.currentUtcDateTime;
  yield ctx.createTimer(seconds);
  return ctx.currentUtcDateTime.getTime() - started.getTime() >= seconds * 1000;
};

const jsApproval = async function* (ctx) {
  const decision = yield ctx.waitForExternalEvent("approval");
  return `approved by ${decision.by}`;
};

let gateway;
let worker;
let client;

before(async () => {
  gateway = await startGateway();
  worker = new TaskHubGrpcWorker({ hostAddress: gateway.grpcAddress });
  worker.addOrchestrator(jsHelloSequence);
  worker.addOrchestrator(jsTimer);
  worker.addOrchestrator(jsApproval);
  worker.addActivity(jsSayHello);
  // start() returns before the worker's stream is open: the first orchestration is often scheduled before the worker
  // connects, or while its first episode (which found no worker) commits; the gateway wakes it when the worker comes.
  await worker.start();
  client = new TaskHubGrpcClient({ hostAddress: gateway.grpcAddress });
});

after(async () => {
  await worker?.stop();
  await client?.stop();
  await gateway?.stop();
});

// Waits for the orchestration to finish; a timeout says what the gateway logged, so a failure can be read from CI output.
async function completion(id) {
  try {
    return await client.waitForOrchestrationCompletion(id, true, 60);
  } catch (error) {
    throw new Error(`${error.message}\n--- gateway output ---\n${gateway.output()}`, { cause: error });
  }
}

test("a hello sequence runs on the JS worker and completes with three greetings", async () => {
  const id = await client.scheduleNewOrchestration(jsHelloSequence);
  const state = await completion(id);

  assert.equal(state.runtimeStatus, OrchestrationStatus.COMPLETED, gateway.output());
  assert.deepEqual(JSON.parse(state.serializedOutput), ["Hello Tokyo!", "Hello Seattle!", "Hello London!"]);
});

test("a durable timer fires no earlier than its time", async () => {
  const id = await client.scheduleNewOrchestration(jsTimer, 2);
  const state = await completion(id);

  assert.equal(state.runtimeStatus, OrchestrationStatus.COMPLETED, gateway.output());
  assert.equal(JSON.parse(state.serializedOutput), true);
});

test("an external event raised by the client reaches the waiting orchestration", async () => {
  const id = await client.scheduleNewOrchestration(jsApproval);
  const started = await client.waitForOrchestrationStart(id, false, 60);
  assert.equal(started.runtimeStatus, OrchestrationStatus.RUNNING);

  await client.raiseOrchestrationEvent(id, "approval", { by: "ada" });
  const state = await completion(id);

  assert.equal(state.runtimeStatus, OrchestrationStatus.COMPLETED, gateway.output());
  assert.equal(JSON.parse(state.serializedOutput), "approved by ada");
});
