using Pigment.Core;
using TorchSharp;
using static Pigment.Models.Onnx.OnnxGraph;
using static TorchSharp.torch;

namespace Pigment.Models.Onnx;

/// <summary>
/// The layers Pigment's networks are made of, as ONNX nodes (opset 17), reading each weight from the module's state
/// dict by its checkpoint key (so the file's initializers carry the same names as model.safetensors). Values are
/// named by the strings that flow between the calls.
/// </summary>
public sealed class OnnxLayers
{
    private readonly Dictionary<string, Tensor> _weights;
    private readonly Dictionary<string, string> _added = [];

    public OnnxLayers(OnnxGraph graph, nn.Module model)
    {
        Graph = graph;
        _weights = model.state_dict().ToDictionary(p => p.Key, p => p.Value);
    }

    public OnnxGraph Graph { get; }

    public bool Has(string key) => _weights.ContainsKey(key);

    /// <summary>The initializer of checkpoint key <paramref name="key"/>, added once.</summary>
    public string Weight(string key)
    {
        if (!_added.TryGetValue(key, out var name))
            _added[key] = name = Graph.Initializer(key, _weights.TryGetValue(key, out var w) ? w : throw new KeyNotFoundException($"No weight '{key}' to export."));
        return name;
    }

    /// <summary>The transpose of a Linear weight (out, in) → (in, out), for MatMul.</summary>
    private string Transposed(string key)
    {
        var t = key + ".T";
        if (!_added.TryGetValue(t, out var name))
        {
            using var w = _weights[key].t().contiguous();
            _added[t] = name = Graph.Initializer(t, w);
        }
        return name;
    }

    /// <summary>y = W ⋆ x + b with "same" padding for odd kernels, (B, C, H, W) → (B, O, H', W').</summary>
    public string Conv(string prefix, string x, long stride = 1)
    {
        var shape = _weights[prefix + ".weight"].shape;
        long kh = shape[2], kw = shape[3];
        var inputs = Has(prefix + ".bias") ? new[] { x, Weight(prefix + ".weight"), Weight(prefix + ".bias") } : [x, Weight(prefix + ".weight")];
        return Graph.Node("Conv", inputs,
        [
            new("kernel_shape", Ints: [kh, kw]), new("pads", Ints: [kh / 2, kw / 2, kh / 2, kw / 2]), new("strides", Ints: [stride, stride]),
        ]);
    }

    /// <summary>y = x Wᵀ + b over the last axis.</summary>
    public string Linear(string prefix, string x)
    {
        var y = Graph.Node("MatMul", [x, Transposed(prefix + ".weight")], []);
        return Has(prefix + ".bias") ? Add(y, Weight(prefix + ".bias")) : y;
    }

    /// <summary>
    /// GroupNorm of (B, C, H, W): opset 17 has no GroupNormalization, so (B, G, C/G·H·W) → InstanceNormalization with
    /// unit scale → back to (B, C, H, W) → γ x̂ + β per channel.
    /// </summary>
    public string GroupNorm(string prefix, string x, int groups, float eps)
    {
        var grouped = Graph.Node("Reshape", [x, Graph.Ints(0, groups, -1)], []);
        var ones = Graph.Constant(Enumerable.Repeat(1f, groups).ToArray(), groups);
        var zeros = Graph.Constant(new float[groups], groups);
        var normed = Graph.Node("InstanceNormalization", [grouped, ones, zeros], [new("epsilon", Float: eps)]);
        var back = Graph.Node("Reshape", [normed, Graph.Node("Shape", [x], [])], []);
        var c = _weights[prefix + ".weight"].shape[0];
        var gamma = Graph.Node("Reshape", [Weight(prefix + ".weight"), Graph.Ints(c, 1, 1)], []);
        var beta = Graph.Node("Reshape", [Weight(prefix + ".bias"), Graph.Ints(c, 1, 1)], []);
        return Add(Mul(back, gamma), beta);
    }

    /// <summary>LayerNorm over the last axis.</summary>
    public string LayerNorm(string prefix, string x, float eps = 1e-5f) =>
        Graph.Node("LayerNormalization", [x, Weight(prefix + ".weight"), Weight(prefix + ".bias")], [new("axis", Int: -1), new("epsilon", Float: eps)]);

    /// <summary>SiLU(x) = x σ(x).</summary>
    public string SiLU(string x) => Mul(x, Graph.Node("Sigmoid", [x], []));

    /// <summary>GELU, exact: ½ x (1 + erf(x / √2)).</summary>
    public string Gelu(string x)
    {
        var erf = Graph.Node("Erf", [Mul(x, Graph.Constant([(float)(1 / Math.Sqrt(2))]))], []);
        return Mul(Mul(x, Graph.Constant([0.5f])), Add(erf, Graph.Constant([1f])));
    }

    public string Add(string a, string b) => Graph.Node("Add", [a, b], []);

    public string Mul(string a, string b) => Graph.Node("Mul", [a, b], []);

    public string Concat(long axis, params string[] xs) => Graph.Node("Concat", xs, [new("axis", Int: axis)]);

    public string Transpose(string x, params long[] perm) => Graph.Node("Transpose", [x], [new("perm", Ints: perm)]);

    public string Reshape(string x, params long[] shape) => Graph.Node("Reshape", [x, Graph.Ints(shape)], []);

    /// <summary>Nearest-neighbour ×2 of (B, C, H, W): pixel (i, j) copies (⌊i/2⌋, ⌊j/2⌋), as torch's nearest mode.</summary>
    public string Upsample2x(string x) => Graph.Node("Resize", [x, "", Graph.Constant([1f, 1f, 2f, 2f], 4)],
        [new("mode", Text: "nearest"), new("coordinate_transformation_mode", Text: "asymmetric"), new("nearest_mode", Text: "floor")]);

    /// <summary>Sinusoidal features of timesteps t (B) float → (B, dim): [sin(t ω_i), cos(t ω_i)], ω_i = 10000^(−i/(dim/2)).</summary>
    public string Sinusoidal(string t, int dim)
    {
        int half = dim / 2;
        // ω computed with the same float32 operations as TimeEmbedding.Sinusoidal, so the constants agree to the bit.
        using var end = half.ToScalar();
        using var i = torch.arange(end, dtype: ScalarType.Float32);
        using var scaled = i.Mul(-Math.Log(10000)).Div(half);
        using var frequencies = torch.exp(scaled);
        var omega = Graph.Constant(frequencies.data<float>().ToArray(), 1, half);
        var angles = Mul(Graph.Node("Unsqueeze", [t, Graph.Ints(1)], []), omega);                 // (B, half)
        return Concat(1, Graph.Node("Sin", [angles], []), Graph.Node("Cos", [angles], []));
    }

    /// <summary>
    /// softmax(Q Kᵀ / √d + M) V per head for q, k, v of shape (B, heads, L, d) / (B, heads, L_c, d);
    /// <paramref name="additiveMask"/> (B, 1, 1, L_c) holds 0 where a key may be attended to and a large negative number elsewhere.
    /// </summary>
    public string ScaledDotProduct(string q, string k, string v, long d, string? additiveMask = null)
    {
        var scores = Mul(Graph.Node("MatMul", [q, Transpose(k, 0, 1, 3, 2)], []), Graph.Constant([(float)(1 / Math.Sqrt(d))]));
        if (additiveMask is not null)
            scores = Add(scores, additiveMask);
        return Graph.Node("MatMul", [Graph.Node("Softmax", [scores], [new("axis", Int: -1)]), v], []);
    }

    /// <summary>A key mask (B, L) bool → (B, 1, 1, L) float: 0 where true, −10⁹ where false.</summary>
    public string AdditiveMask(string mask)
    {
        var additive = Graph.Node("Where", [mask, Graph.Constant([0f]), Graph.Constant([-1e9f])], []);
        return Graph.Node("Unsqueeze", [additive, Graph.Ints(1, 2)], []);
    }
}
