/**
 * The fake Slack Web API for the benchmark, in its own thread: its work (users.info, response_url
 * posts) then never delays the main thread's clock readings. Reports each response_url post by path.
 */
import { parentPort, workerData } from "node:worker_threads";
import { FakeSlackWebApi } from "../../test/fakes/fake-slack-web-api.js";

const { people } = workerData as { people: { id: string; email: string }[] };
const fake = new FakeSlackWebApi();
for (const person of people) fake.addUser(person.id, { email: person.email, name: person.id });
fake.observe((call) => {
  if (call.method === "response_url") parentPort?.postMessage({ answered: call.path });
});
await fake.start();
parentPort?.postMessage({ base: fake.base, apiUrl: fake.apiUrl });
parentPort?.on("message", (message: { stop?: boolean }) => {
  if (message.stop) void fake.stop().then(() => process.exit(0));
});
