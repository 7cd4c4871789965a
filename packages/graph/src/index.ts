/**
 * `@brainstate/graph`: graph nodes (the base of every module) and the operations over them —
 * flatten/unflatten to a GraphDef plus state dicts with shared references, split/merge by
 * filters, state and node queries, popping and updating states, cloning, functional calls,
 * split/merge contexts and graph ⇄ pytree conversion.
 * @packageDocumentation
 */

export { Dict, List, Node, Sequential, type Layer } from "./Node.js";
export { GraphDef, NodeDef, NodeRef, type NodeDefFields, type NodeType } from "./GraphDef.js";
export { RefMap } from "./RefMap.js";
export { PytreeType, registerGraphNodeType, type GraphNodeImpl } from "./registry.js";
export {
  call,
  clone,
  flatten,
  graphdef,
  iterLeaf,
  iterNode,
  nodes,
  popStates,
  states,
  Static,
  treefyMerge,
  treefySplit,
  treefyStates,
  unflatten,
  updateStates,
  type FlattenOptions,
  type HierarchyOptions,
  type UnflattenOptions,
} from "./operations.js";
export {
  composeMapping,
  composeMappingReversed,
  currentUpdateContext,
  MergeContext,
  mergeContext,
  SplitContext,
  splitContext,
  UpdateContext,
  updateContext,
  UpdateContextManager,
} from "./context.js";
export {
  clearNonGraphNodes,
  graphToTree,
  NodeStates,
  treeToGraph,
  type GraphToTreeOptions,
  type MergeFn,
  type NodeStatesOptions,
  type SplitFn,
  type TreeToGraphOptions,
} from "./convert.js";
