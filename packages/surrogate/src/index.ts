/**
 * `@brainstate/surrogate`: surrogate gradients for spiking networks — a Heaviside spike whose
 * derivative is a smooth surrogate, as a class (`new Sigmoid({ alpha })`, reusable and keyed by
 * its hyper-parameters) and as a function (`sigmoid(x, { alpha })`) for every surrogate of
 * brainstate.
 * @packageDocumentation
 */

export { Surrogate, type HyperParameter } from "./Surrogate.js";
export { Sigmoid, sigmoid, type SigmoidOptions } from "./sigmoid.js";
export { PiecewiseQuadratic, piecewiseQuadratic, type PiecewiseQuadraticOptions } from "./piecewiseQuadratic.js";
export { PiecewiseExp, piecewiseExp, type PiecewiseExpOptions } from "./piecewiseExp.js";
export { SoftSign, softSign, type SoftSignOptions } from "./softSign.js";
export { Arctan, arctan, type ArctanOptions } from "./arctan.js";
export { NonzeroSignLog, nonzeroSignLog, type NonzeroSignLogOptions } from "./nonzeroSignLog.js";
export { ERF, erf, type ERFOptions } from "./erf.js";
export { PiecewiseLeakyRelu, piecewiseLeakyRelu, type PiecewiseLeakyReluOptions } from "./piecewiseLeakyRelu.js";
export {
  SquarewaveFourierSeries,
  squarewaveFourierSeries,
  type SquarewaveFourierSeriesOptions,
} from "./squarewaveFourierSeries.js";
export { S2NN, s2nn, type S2NNOptions } from "./s2nn.js";
export { QPseudoSpike, qPseudoSpike, type QPseudoSpikeOptions } from "./qPseudoSpike.js";
export { LeakyRelu, leakyRelu, type LeakyReluOptions } from "./leakyRelu.js";
export { LogTailedRelu, logTailedRelu, type LogTailedReluOptions } from "./logTailedRelu.js";
export { ReluGrad, reluGrad, type ReluGradOptions } from "./reluGrad.js";
export { GaussianGrad, gaussianGrad, type GaussianGradOptions } from "./gaussianGrad.js";
export { MultiGaussianGrad, multiGaussianGrad, type MultiGaussianGradOptions } from "./multiGaussianGrad.js";
export { InvSquareGrad, invSquareGrad, type InvSquareGradOptions } from "./invSquareGrad.js";
export { SlayerGrad, slayerGrad, type SlayerGradOptions } from "./slayerGrad.js";
