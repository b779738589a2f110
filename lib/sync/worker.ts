/**
 * The socket worker of the blocking client: it owns the socket and only
 * moves bytes between it and the shared slots. All RESP work happens on the
 * client's thread.
 *
 * @module
 */
import { parentPort } from "node:worker_threads";
import { connectTransport } from "../conn/connect_transport.ts";
import type { Transport, TransportOptions } from "../conn/transport.ts";
import { channelViews, Control, Slot, Status } from "./channel_layout.ts";

/** What the client sends the worker first. */
export interface WorkerStart {
  /** The shared buffer. */
  buffer: SharedArrayBuffer;
  /** Bytes of each slot. */
  capacity: number;
  /** Where to connect. */
  transport: TransportOptions;
}

parentPort!.once("message", (start: WorkerStart) => void run(start));

async function run({ buffer, capacity, transport: options }: WorkerStart): Promise<void> {
  const { control, error, outbound, inbound } = channelViews(buffer, capacity);
  const received: Uint8Array[] = [];
  let pumping = false;
  let lost: { message: string } | undefined;

  const finish = (message: string) => {
    const bytes = new TextEncoder().encode(message).subarray(0, error.length);
    error.set(bytes);
    Atomics.store(control, Control.ErrorLength, bytes.length);
    Atomics.store(control, Control.Status, Status.Closed);
    for (const word of [Control.Status, Control.InState, Control.OutState]) {
      Atomics.notify(control, word);
    }
    parentPort!.close();
  };

  /** Move received bytes into the inbound slot whenever it is free. */
  const pumpIn = async () => {
    if (pumping) return;
    pumping = true;
    while (received.length > 0) {
      if (Atomics.load(control, Control.InState) !== Slot.Free) {
        const wait = Atomics.waitAsync(control, Control.InState, Slot.Full);
        if (wait.async) await wait.value;
        continue;
      }
      let length = 0;
      while (received.length > 0 && length < capacity) {
        const chunk = received[0];
        const take = Math.min(chunk.length, capacity - length);
        inbound.set(chunk.subarray(0, take), length);
        length += take;
        if (take === chunk.length) received.shift();
        else received[0] = chunk.subarray(take);
      }
      Atomics.store(control, Control.InLength, length);
      Atomics.store(control, Control.InState, Slot.Full);
      Atomics.notify(control, Control.InState);
    }
    pumping = false;
    if (lost !== undefined) finish(lost.message);
  };

  let transport: Transport;
  try {
    transport = await connectTransport(options, {
      onData: (chunk) => {
        received.push(chunk.slice());
        void pumpIn();
      },
      onClose: (cause) => {
        lost = { message: cause?.message ?? "the server closed the connection" };
        if (!pumping) finish(lost.message);
      },
    });
  } catch (cause) {
    finish((cause as Error).message);
    return;
  }
  Atomics.store(control, Control.Status, Status.Open);
  Atomics.notify(control, Control.Status);

  // Outbound: copy each filled slot, give the slot back, write the copy.
  while (lost === undefined) {
    const wait = Atomics.waitAsync(control, Control.OutState, Slot.Free);
    if (wait.async) await wait.value;
    const state = Atomics.load(control, Control.OutState);
    if (state === Slot.Close) {
      transport.close();
      return;
    }
    if (state !== Slot.Full) continue;
    const bytes = outbound.slice(0, Atomics.load(control, Control.OutLength));
    Atomics.store(control, Control.OutState, Slot.Free);
    Atomics.notify(control, Control.OutState);
    try {
      await transport.write(bytes);
    } catch {
      // The close that follows reports it.
    }
  }
}
