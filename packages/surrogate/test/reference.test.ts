// Port of brainstate's surrogate_test.py (added upstream after 0.1.0, commit 9249842): one `it` per
// Python test, same inputs and assertions. brainstate's `sg(x)` is `sg.call(x)`, `jax.grad` is
// core's `grad`, `hash(sg)` is `sg.cacheKey()`.
import { describe, expect, it } from "vitest";
import { grad, jit, np, vmap, type Array } from "@brainstate/core";
import * as surrogate from "@brainstate/surrogate";

const arr = (v: number[] | number[][] | number[][][]): Array => np.array(v);
const gradAt = (sg: surrogate.Surrogate, v: number[]): number[] =>
  (grad((x: Array) => sg.call(x).sum())(arr(v)) as Array).toArray() as number[];
const first = (v: number[]): number => v[0] as number;
const forwardIs = (sg: surrogate.Surrogate, x: number[], expected: number[]): void => {
  expect(sg.call(arr(x)).toArray()).toEqual(expected);
};

describe("TestSurrogateBase", () => {
  it("test_surrogate_abstract_methods: a surrogate without g has no surrogateFun (brainstate: NotImplementedError)", () => {
    class OnlyGrad extends surrogate.Surrogate {
      override surrogateGrad(x: Array): Array {
        return x;
      }
    }
    expect(new OnlyGrad().surrogateFun).toBeUndefined();
  });
});

describe("TestSigmoidBased", () => {
  it("test_sigmoid_forward", () => forwardIs(new surrogate.Sigmoid({ alpha: 4 }), [-1, -0.5, 0, 0.5, 1], [0, 0, 1, 1, 1]));
  it("test_sigmoid_backward", () => expect(Math.abs(first(gradAt(new surrogate.Sigmoid({ alpha: 4 }), [0])))).toBeGreaterThan(0));
  it("test_sigmoid_parameters", () => {
    expect(first(gradAt(new surrogate.Sigmoid({ alpha: 1 }), [0]))).toBeGreaterThan(0);
    expect(first(gradAt(new surrogate.Sigmoid({ alpha: 10 }), [0]))).toBeGreaterThan(0);
  });
  it("test_sigmoid_functional_api", () => {
    const x = arr([-1, 0, 1]);
    expect(surrogate.sigmoid(x, { alpha: 4 }).toArray()).toEqual(new surrogate.Sigmoid({ alpha: 4 }).call(x).toArray());
  });
  it("test_soft_sign_forward", () => forwardIs(new surrogate.SoftSign({ alpha: 1 }), [-1, 0, 1], [0, 1, 1]));
  it("test_soft_sign_backward", () => expect(Math.abs(first(gradAt(new surrogate.SoftSign({ alpha: 1 }), [0])))).toBeGreaterThan(0));
  it("test_arctan_forward", () => forwardIs(new surrogate.Arctan({ alpha: 1 }), [-1, 0, 1], [0, 1, 1]));
  it("test_arctan_backward", () => expect(Math.abs(first(gradAt(new surrogate.Arctan({ alpha: 2 }), [0])))).toBeGreaterThan(0));
  it("test_erf_forward", () => forwardIs(new surrogate.ERF({ alpha: 1 }), [-1, 0, 1], [0, 1, 1]));
  it("test_erf_backward", () => expect(Math.abs(first(gradAt(new surrogate.ERF({ alpha: 1.5 }), [0])))).toBeGreaterThan(0));
});

describe("TestPiecewiseFunctions", () => {
  it("test_piecewise_quadratic_forward", () => forwardIs(new surrogate.PiecewiseQuadratic({ alpha: 1 }), [-2, -1, 0, 1, 2], [0, 0, 1, 1, 1]));
  it("test_piecewise_quadratic_backward", () => expect(Math.abs(first(gradAt(new surrogate.PiecewiseQuadratic({ alpha: 1 }), [0])))).toBeGreaterThan(0));
  it("test_piecewise_quadratic_gradient_support", () => expect(first(gradAt(new surrogate.PiecewiseQuadratic({ alpha: 1 }), [10]))).toBeCloseTo(0, 5));
  it("test_piecewise_exp_forward", () => forwardIs(new surrogate.PiecewiseExp({ alpha: 1 }), [-1, 0, 1], [0, 1, 1]));
  it("test_piecewise_exp_backward", () => expect(Math.abs(first(gradAt(new surrogate.PiecewiseExp({ alpha: 2 }), [0])))).toBeGreaterThan(0));
  it("test_piecewise_leaky_relu_forward", () => forwardIs(new surrogate.PiecewiseLeakyRelu({ c: 0.01, w: 1 }), [-1, 0, 1], [0, 1, 1]));
  it("test_piecewise_leaky_relu_backward", () =>
    expect(Math.abs(first(gradAt(new surrogate.PiecewiseLeakyRelu({ c: 0.01, w: 1 }), [0])))).toBeGreaterThan(0));
  it("test_piecewise_leaky_relu_parameters", () => {
    expect(Math.abs(first(gradAt(new surrogate.PiecewiseLeakyRelu({ c: 0.01, w: 1 }), [0])))).toBeGreaterThan(0);
    expect(Math.abs(first(gradAt(new surrogate.PiecewiseLeakyRelu({ c: 0.1, w: 0.5 }), [0])))).toBeGreaterThan(0);
  });
});

describe("TestReluBased", () => {
  it("test_relu_grad_forward", () => forwardIs(new surrogate.ReluGrad({ alpha: 0.3, width: 1 }), [-1, 0, 1], [0, 1, 1]));
  it("test_relu_grad_backward", () => expect(Math.abs(first(gradAt(new surrogate.ReluGrad({ alpha: 0.5, width: 1 }), [0])))).toBeGreaterThan(0));
  it("test_relu_grad_finite_support", () => expect(first(gradAt(new surrogate.ReluGrad({ alpha: 0.3, width: 1 }), [10]))).toBeCloseTo(0, 5));
  it("test_leaky_relu_forward", () => forwardIs(new surrogate.LeakyRelu({ alpha: 0.1, beta: 1 }), [-1, 0, 1], [0, 1, 1]));
  it("test_leaky_relu_backward", () => {
    const sg = new surrogate.LeakyRelu({ alpha: 0.1, beta: 1 });
    expect(Math.abs(first(gradAt(sg, [-1])))).toBeGreaterThan(0);
    expect(Math.abs(first(gradAt(sg, [1])))).toBeGreaterThan(0);
  });
  it("test_log_tailed_relu_forward", () => forwardIs(new surrogate.LogTailedRelu({ alpha: 0 }), [-1, 0, 1], [0, 1, 1]));
  it("test_log_tailed_relu_backward", () => expect(Math.abs(first(gradAt(new surrogate.LogTailedRelu({ alpha: 0.1 }), [0.5])))).toBeGreaterThan(0));
});

describe("TestDistributionInspired", () => {
  it("test_gaussian_grad_forward", () => forwardIs(new surrogate.GaussianGrad({ sigma: 0.5, alpha: 0.5 }), [-1, 0, 1], [0, 1, 1]));
  it("test_gaussian_grad_backward", () =>
    expect(Math.abs(first(gradAt(new surrogate.GaussianGrad({ sigma: 0.5, alpha: 1 }), [0])))).toBeGreaterThan(0));
  it("test_gaussian_grad_symmetry", () => {
    const sg = new surrogate.GaussianGrad({ sigma: 0.5, alpha: 1 });
    expect(first(gradAt(sg, [0.1]))).toBeCloseTo(first(gradAt(sg, [-0.1])), 5);
  });
  it("test_multi_gaussian_grad_forward", () =>
    forwardIs(new surrogate.MultiGaussianGrad({ h: 0.15, s: 6, sigma: 0.5, scale: 0.5 }), [-1, 0, 1], [0, 1, 1]));
  it("test_multi_gaussian_grad_backward", () =>
    expect(Math.abs(first(gradAt(new surrogate.MultiGaussianGrad({ h: 0.15, s: 6, sigma: 0.5, scale: 0.5 }), [0])))).toBeGreaterThan(0));
  it("test_inv_square_grad_forward", () => forwardIs(new surrogate.InvSquareGrad({ alpha: 100 }), [-1, 0, 1], [0, 1, 1]));
  it("test_inv_square_grad_backward", () => expect(Math.abs(first(gradAt(new surrogate.InvSquareGrad({ alpha: 100 }), [0])))).toBeGreaterThan(0));
  it("test_slayer_grad_forward", () => forwardIs(new surrogate.SlayerGrad({ alpha: 1 }), [-1, 0, 1], [0, 1, 1]));
  it("test_slayer_grad_backward", () => expect(Math.abs(first(gradAt(new surrogate.SlayerGrad({ alpha: 2 }), [0])))).toBeGreaterThan(0));
});

describe("TestAdvancedFunctions", () => {
  it("test_nonzero_sign_log_forward", () => forwardIs(new surrogate.NonzeroSignLog({ alpha: 1 }), [-1, 0, 1], [0, 1, 1]));
  it("test_nonzero_sign_log_backward", () => expect(Math.abs(first(gradAt(new surrogate.NonzeroSignLog({ alpha: 1 }), [0.1])))).toBeGreaterThan(0));
  it("test_squarewave_fourier_series_forward", () =>
    forwardIs(new surrogate.SquarewaveFourierSeries({ n: 2, tPeriod: 8 }), [-1, 0, 1], [0, 1, 1]));
  it("test_squarewave_fourier_series_backward", () =>
    expect(Math.abs(first(gradAt(new surrogate.SquarewaveFourierSeries({ n: 3, tPeriod: 8 }), [0])))).toBeGreaterThan(0));
  it("test_squarewave_fourier_terms", () => {
    expect(Math.abs(first(gradAt(new surrogate.SquarewaveFourierSeries({ n: 2, tPeriod: 8 }), [0])))).toBeGreaterThan(0);
    expect(Math.abs(first(gradAt(new surrogate.SquarewaveFourierSeries({ n: 5, tPeriod: 8 }), [0])))).toBeGreaterThan(0);
  });
  it("test_s2nn_forward", () => forwardIs(new surrogate.S2NN({ alpha: 4, beta: 1, epsilon: 1e-8 }), [-1, 0, 1], [0, 1, 1]));
  it("test_s2nn_backward", () => expect(Math.abs(first(gradAt(new surrogate.S2NN({ alpha: 4, beta: 1 }), [0])))).toBeGreaterThan(0));
  it("test_s2nn_asymmetry", () => {
    const sg = new surrogate.S2NN({ alpha: 2, beta: 1 });
    expect(Math.abs(first(gradAt(sg, [-0.5])))).toBeGreaterThan(0);
    expect(Math.abs(first(gradAt(sg, [0.5])))).toBeGreaterThan(0);
  });
  it("test_q_pseudo_spike_forward", () => forwardIs(new surrogate.QPseudoSpike({ alpha: 2 }), [-1, 0, 1], [0, 1, 1]));
  it("test_q_pseudo_spike_backward", () => expect(Math.abs(first(gradAt(new surrogate.QPseudoSpike({ alpha: 2 }), [0])))).toBeGreaterThan(0));
  it("test_q_pseudo_spike_parameters", () => {
    expect(Math.abs(first(gradAt(new surrogate.QPseudoSpike({ alpha: 1.5 }), [0])))).toBeGreaterThan(0);
    expect(Math.abs(first(gradAt(new surrogate.QPseudoSpike({ alpha: 3 }), [0])))).toBeGreaterThan(0);
  });
});

describe("TestEdgeCases", () => {
  it("test_large_positive_values", () => {
    for (const sg of [new surrogate.Sigmoid(), new surrogate.ReluGrad(), new surrogate.GaussianGrad()]) expect(sg.call(arr([100])).toArray()).toEqual([1]);
  });
  it("test_large_negative_values", () => {
    for (const sg of [new surrogate.Sigmoid(), new surrogate.ReluGrad(), new surrogate.GaussianGrad()]) expect(sg.call(arr([-100])).toArray()).toEqual([0]);
  });
  it("test_zero_input", () => {
    const all = [
      new surrogate.Sigmoid(),
      new surrogate.PiecewiseQuadratic(),
      new surrogate.SoftSign(),
      new surrogate.Arctan(),
      new surrogate.ERF(),
      new surrogate.ReluGrad(),
      new surrogate.GaussianGrad(),
      new surrogate.LeakyRelu(),
    ];
    for (const sg of all) expect(sg.call(arr([0])).toArray()).toEqual([1]);
  });
  it("test_array_inputs", () => {
    const sg = new surrogate.Sigmoid();
    expect(sg.call(arr([0, 0.5, 1])).shape).toEqual([3]);
    expect(sg.call(arr([[0, 0.5], [1, -1]])).shape).toEqual([2, 2]);
    expect(sg.call(arr([[[0, 0.5], [1, -1]]])).shape).toEqual([1, 2, 2]);
  });
  it("test_batch_processing", () => {
    const sg = new surrogate.Sigmoid();
    const y = vmap((x: Array) => sg.call(x))(arr([[0, 0.5, 1], [-1, 0, 2]])) as Array;
    expect(y.shape).toEqual([2, 3]);
  });
  it("test_jit_compilation", () => {
    const sg = new surrogate.Sigmoid();
    expect(jit((x: Array) => sg.call(x))(arr([0, 0.5, 1])).toArray()).toEqual([1, 1, 1]);
  });
  it("test_gradient_jit", () => {
    const sg = new surrogate.Sigmoid();
    const lossFn = jit((x: Array) => sg.call(x).sum());
    expect((grad(lossFn)(arr([0, 0.5, 1])) as Array).shape).toEqual([3]);
  });
});

describe("TestFunctionalAPI", () => {
  const zero = (): Array => arr([0]);
  it("test_sigmoid_functional", () => expect(surrogate.sigmoid(zero(), { alpha: 4 }).toArray()).toEqual([1]));
  it("test_piecewise_quadratic_functional", () => expect(surrogate.piecewiseQuadratic(zero(), { alpha: 1 }).toArray()).toEqual([1]));
  it("test_piecewise_exp_functional", () => expect(surrogate.piecewiseExp(zero(), { alpha: 1 }).toArray()).toEqual([1]));
  it("test_soft_sign_functional", () => expect(surrogate.softSign(zero(), { alpha: 1 }).toArray()).toEqual([1]));
  it("test_arctan_functional", () => expect(surrogate.arctan(zero(), { alpha: 1 }).toArray()).toEqual([1]));
  it("test_erf_functional", () => expect(surrogate.erf(zero(), { alpha: 1 }).toArray()).toEqual([1]));
  it("test_relu_grad_functional", () => expect(surrogate.reluGrad(zero(), { alpha: 0.3, width: 1 }).toArray()).toEqual([1]));
  it("test_gaussian_grad_functional", () => expect(surrogate.gaussianGrad(zero(), { sigma: 0.5, alpha: 0.5 }).toArray()).toEqual([1]));
  it("test_functional_gradient", () => {
    const g = grad((x: Array) => surrogate.sigmoid(x, { alpha: 4 }).sum())(zero()) as Array;
    expect(Math.abs(g.item() as number)).toBeGreaterThan(0);
  });
});

describe("TestReprAndHash", () => {
  it("test_sigmoid_repr", () => {
    const text = new surrogate.Sigmoid({ alpha: 4 }).toString();
    expect(text).toContain("Sigmoid");
    expect(text).toContain("alpha");
  });
  it("test_sigmoid_hash", () => {
    const [sg1, sg2, sg3] = [new surrogate.Sigmoid({ alpha: 4 }), new surrogate.Sigmoid({ alpha: 4 }), new surrogate.Sigmoid({ alpha: 2 })];
    expect(sg1.cacheKey()).toBe(sg2.cacheKey());
    expect(sg1.cacheKey()).not.toBe(sg3.cacheKey());
  });
  it("test_surrogates_in_dict", () => {
    const sg1 = new surrogate.Sigmoid({ alpha: 4 });
    const sg2 = new surrogate.ReluGrad({ alpha: 0.3, width: 1 });
    const d = new Map([
      [sg1.cacheKey(), "sigmoid"],
      [sg2.cacheKey(), "relu_grad"],
    ]);
    expect(d.get(sg1.cacheKey())).toBe("sigmoid");
    expect(d.get(sg2.cacheKey())).toBe("relu_grad");
  });
  it("test_surrogates_in_set", () => {
    const set = new Set([new surrogate.Sigmoid({ alpha: 4 }), new surrogate.Sigmoid({ alpha: 4 }), new surrogate.ReluGrad()].map((s) => s.cacheKey()));
    expect(set.size).toBe(2);
  });
});

describe("TestGradientProperties", () => {
  it("test_gradient_continuity", () => {
    const sg = new surrogate.Sigmoid({ alpha: 4 });
    expect(first(gradAt(sg, [0]))).toBeCloseTo(first(gradAt(sg, [0.001])), 2);
  });
  it("test_gradient_positivity", () => {
    for (const sg of [new surrogate.Sigmoid(), new surrogate.ReluGrad(), new surrogate.GaussianGrad(), new surrogate.PiecewiseQuadratic()]) {
      expect(first(gradAt(sg, [0]))).toBeGreaterThan(0);
    }
  });
  it("test_gradient_vanishing", () => expect(first(gradAt(new surrogate.ReluGrad({ alpha: 0.3, width: 1 }), [10]))).toBeCloseTo(0, 5));
  it("test_second_order_gradients", () => {
    const sg = new surrogate.Sigmoid({ alpha: 4 });
    const loss = (x: Array): Array => sg.call(x).sum();
    expect(Math.abs(first(gradAt(sg, [0])))).toBeGreaterThan(0);
    const hess = grad((x: Array) => (grad(loss)(x) as Array).get(0))(arr([0])) as Array;
    expect(Number.isFinite((hess.toArray() as number[])[0])).toBe(true);
  });
});

describe("TestNumericalStability", () => {
  it("test_no_nans", () => {
    const x = arr([-1000, -1, 0, 1, 1000]);
    for (const sg of [new surrogate.Sigmoid(), new surrogate.ReluGrad(), new surrogate.GaussianGrad(), new surrogate.ERF()]) {
      expect((sg.call(x).toArray() as number[]).every(Number.isFinite)).toBe(true);
    }
  });
  it("test_no_inf_gradients", () => {
    for (const sg of [new surrogate.Sigmoid(), new surrogate.ReluGrad(), new surrogate.GaussianGrad()]) {
      expect(gradAt(sg, [0, 1, -1, 10, -10]).every(Number.isFinite)).toBe(true);
    }
  });
  it("test_s2nn_epsilon_stability", () => {
    const sg = new surrogate.S2NN({ alpha: 4, beta: 1, epsilon: 1e-8 });
    expect(Number.isFinite(sg.call(arr([1e-10])).item())).toBe(true);
    expect(Number.isFinite(first(gradAt(sg, [1e-10])))).toBe(true);
  });
});

describe("TestIntegration", () => {
  it("test_simple_neuron_model", () => {
    const sg = new surrogate.Sigmoid({ alpha: 4 });
    const neuronStep = (v: Array, input: Array): [Array, Array] => {
      const v1 = v.add(input);
      const spike = sg.call(v1.sub(1));
      return [v1.mul(np.subtract(1, spike)), spike];
    };
    let v = arr([0]);
    const input = arr([0.5]);
    let spike: Array;
    [v, spike] = neuronStep(v, input);
    expect(spike.toArray()).toEqual([0]);
    [v, spike] = neuronStep(v, input);
    [v, spike] = neuronStep(v, input);
    [v, spike] = neuronStep(v, input);
    expect(spike.toArray()).toEqual([1]);
  });
  it("test_gradient_flow_through_neuron", () => {
    const sg = new surrogate.Sigmoid({ alpha: 4 });
    const neuronForward = (inputs: Array): Array => {
      let v = np.zeros([1]);
      const spikes: Array[] = [];
      for (let i = 0; i < inputs.shape[0]!; i++) {
        v = v.add(inputs.get(i));
        const spike = sg.call(v.sub(1));
        spikes.push(spike);
        v = v.mul(np.subtract(1, spike));
      }
      return np.stack(spikes).sum();
    };
    const g = grad(neuronForward)(arr([0.5, 0.5, 0.5])) as Array;
    expect((g.toArray() as number[]).some((d) => d !== 0)).toBe(true);
  });
  it("test_multi_layer_gradient_flow", () => {
    const sg = new surrogate.Sigmoid({ alpha: 4 });
    const twoLayer = (x: Array): Array => sg.call(sg.call(x.sub(0.5)).sub(0.5)).sum();
    const g = grad(twoLayer)(arr([0, 0.5, 1])) as Array;
    expect((g.toArray() as number[]).some((d) => d !== 0)).toBe(true);
  });
});
