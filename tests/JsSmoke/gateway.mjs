// Starts the built gateway (src/Gateway, Debug build) as a process with an in-memory store and its Durable Task gRPC
// endpoint on free loopback ports, and waits until it serves HTTP.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const repo = resolve(import.meta.dirname, "..", "..");

/** The gateway's dll: OW_GATEWAY_DLL, else the Debug build that `dotnet test OrleansWorkflows.sln` made. */
export const gatewayDll = process.env.OW_GATEWAY_DLL ?? join(repo, "src/Gateway/bin/Debug/net10.0/OrleansWorkflows.Gateway.dll");

/** The npm package folder: DURABLETASK_JS, else .tools/durabletask-js (where .ci/run installs it). */
export const durableTaskJs = process.env.DURABLETASK_JS ?? join(repo, ".tools/durabletask-js/node_modules/@microsoft/durabletask-js");

async function freePort() {
  return await new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** Starts the gateway; resolves with its gRPC address (host:port), HTTP base URL and a stop function. */
export async function startGateway() {
  if (!existsSync(gatewayDll)) {
    throw new Error(`The gateway is not built: ${gatewayDll} is missing (run dotnet build src/Gateway).`);
  }

  const [http, silo, siloGateway, grpc] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const output = [];
  const child = spawn("dotnet", [
    gatewayDll,
    "--urls", `http://127.0.0.1:${http}`,
    `--Orleans:SiloPort=${silo}`,
    `--Orleans:GatewayPort=${siloGateway}`,
    "--Storage:Kind=Memory",
    `--DurableTaskGrpc:Port=${grpc}`,
  ], { cwd: mkdtempSync(join(tmpdir(), "ow-jssmoke-")), stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (d) => output.push(String(d)));
  child.stderr.on("data", (d) => output.push(String(d)));
  const exited = new Promise((done) => child.once("exit", (code) => done(code)));

  const baseUrl = `http://127.0.0.1:${http}`;
  const deadline = Date.now() + 60_000;
  while (true) {
    if (child.exitCode !== null) {
      throw new Error(`The gateway exited (${child.exitCode}):\n${output.join("")}`);
    }

    try {
      const response = await fetch(`${baseUrl}/runtime/webhooks/durabletask/instances/not-there`);
      if (response.status === 404) {
        break;
      }
    } catch {
      // not listening yet
    }

    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The gateway did not serve HTTP within 60 s:\n${output.join("")}`);
    }

    await new Promise((done) => setTimeout(done, 200));
  }

  return {
    grpcAddress: `127.0.0.1:${grpc}`,
    baseUrl,
    output: () => output.join(""),
    stop: async () => {
      child.kill("SIGKILL");
      await exited;
    },
  };
}
