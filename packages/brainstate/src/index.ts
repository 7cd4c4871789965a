/**
 * brainstate for TypeScript in one install: every `@brainstate/*` package re-exported as a
 * namespace (`core`, and `state`, `graph`, `random`, `compile`, `augment`, `surrogate`,
 * `optim`, `nn`, `event` as they land). Runnable examples and the `brainstate` CLI ship in
 * the same package (`npx brainstate list`).
 *
 * @packageDocumentation
 */

// `import * as` + `export { }` rather than `export * as core from …`: api-extractor cannot
// analyse a namespace re-export of another package (it throws "not supported for external
// modules"); the two forms mean the same to TypeScript and to users.
import * as augment from "@brainstate/augment";
import * as compile from "@brainstate/compile";
import * as core from "@brainstate/core";
import * as graph from "@brainstate/graph";
import * as optim from "@brainstate/optim";
import * as random from "@brainstate/random";
import * as state from "@brainstate/state";
import * as surrogate from "@brainstate/surrogate";

export { augment, compile, core, graph, optim, random, state, surrogate };
