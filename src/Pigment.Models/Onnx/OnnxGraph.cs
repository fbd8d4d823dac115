using System.Globalization;
using Google.Protobuf;
using TorchSharp;
using static TorchSharp.torch;

namespace Pigment.Models.Onnx;

/// <summary>An ONNX attribute value: an integer, a float, a list of integers, or a string.</summary>
public readonly record struct OnnxAttribute(string Name, long? Int = null, float? Float = null, long[]? Ints = null, string? Text = null);

/// <summary>
/// An ONNX graph under construction, written as a ModelProto (onnx.proto3, IR version 8, opset 17). Each Pigment module
/// that can be exported adds its own nodes through <see cref="Node"/>; weights become initializers under their checkpoint
/// names. The protobuf is written field by field with Google.Protobuf's <see cref="CodedOutputStream"/> (the numbers
/// below are onnx.proto's), so no generated classes are needed.
/// </summary>
public sealed class OnnxGraph
{
    public const long IrVersion = 8;
    public const long Opset = 17;

    /// <summary>onnx.proto's TensorProto.DataType values.</summary>
    public enum ElementType
    {
        Float = 1,
        Bool = 9,
        Int64 = 7,
    }

    private readonly List<byte[]> _nodes = [];
    private readonly List<byte[]> _initializers = [];
    private readonly List<byte[]> _inputs = [];
    private readonly List<byte[]> _outputs = [];
    private readonly HashSet<string> _names = [];
    private int _counter;

    public OnnxGraph(string name) => Name = name;

    public string Name { get; }

    /// <summary>A graph input; a null dimension is symbolic (its <paramref name="symbols"/> name, e.g. "batch").</summary>
    public string Input(string name, ElementType type, long?[] dims, string[]? symbols = null)
    {
        Claim(name);
        _inputs.Add(ValueInfo(name, type, dims, symbols));
        return name;
    }

    /// <summary>Marks <paramref name="value"/> as a graph output named <paramref name="name"/>.</summary>
    public void Output(string value, string name, ElementType type, long?[] dims, string[]? symbols = null)
    {
        Node("Identity", [value], [], name);
        _outputs.Add(ValueInfo(name, type, dims, symbols));
    }

    /// <summary>A constant tensor (a weight under its checkpoint name, or a small constant), float32 or int64.</summary>
    public string Initializer(string name, Tensor value) => AddInitializer(Claim(name), value);

    private string AddInitializer(string name, Tensor value)
    {
        using var cpu = value.detach().cpu().contiguous();
        var type = cpu.dtype == ScalarType.Int64 ? ElementType.Int64 : ElementType.Float;
        byte[] raw;
        if (type == ElementType.Int64)
            raw = cpu.data<long>().ToArray().SelectMany(BitConverter.GetBytes).ToArray();
        else
        {
            using var f = cpu.to_type(ScalarType.Float32);
            var floats = f.data<float>().ToArray();
            raw = new byte[floats.Length * 4];
            Buffer.BlockCopy(floats, 0, raw, 0, raw.Length);
        }
        _initializers.Add(Message(s =>
        {
            foreach (var d in cpu.shape)
            {
                s.WriteTag(1, WireFormat.WireType.Varint);      // dims
                s.WriteInt64(d);
            }
            s.WriteTag(2, WireFormat.WireType.Varint);          // data_type
            s.WriteInt32((int)type);
            s.WriteTag(8, WireFormat.WireType.LengthDelimited); // name
            s.WriteString(name);
            s.WriteTag(9, WireFormat.WireType.LengthDelimited); // raw_data (little-endian)
            s.WriteBytes(ByteString.CopyFrom(raw));
        }));
        return name;
    }

    /// <summary>A float constant of the given shape (scalar when <paramref name="shape"/> is empty).</summary>
    public string Constant(float[] values, params long[] shape)
    {
        using var t = torch.tensor(values).reshape(shape);
        return AddInitializer(Fresh("const"), t);
    }

    /// <summary>An int64 constant vector (shapes, axes, indices).</summary>
    public string Ints(params long[] values)
    {
        using var t = torch.tensor(values);
        return AddInitializer(Fresh("ints"), t);
    }

    /// <summary>Adds a node of <paramref name="op"/>; returns the name of its (first) output.</summary>
    public string Node(string op, string[] inputs, OnnxAttribute[] attributes, string? output = null) =>
        NodeOutputs(op, inputs, attributes, 1, output)[0];

    /// <summary>Adds a node with <paramref name="outputs"/> outputs (Split); returns their names.</summary>
    public string[] NodeOutputs(string op, string[] inputs, OnnxAttribute[] attributes, int outputs, string? output = null)
    {
        var names = Enumerable.Range(0, outputs).Select(i => output is not null && i == 0 ? Claim(output) : Fresh(op.ToLowerInvariant())).ToArray();
        string nodeName = Fresh("n_" + op);
        _nodes.Add(Message(s =>
        {
            foreach (var input in inputs)
            {
                s.WriteTag(1, WireFormat.WireType.LengthDelimited);
                s.WriteString(input);
            }
            foreach (var name in names)
            {
                s.WriteTag(2, WireFormat.WireType.LengthDelimited);
                s.WriteString(name);
            }
            s.WriteTag(3, WireFormat.WireType.LengthDelimited);
            s.WriteString(nodeName);
            s.WriteTag(4, WireFormat.WireType.LengthDelimited);
            s.WriteString(op);
            foreach (var a in attributes)
            {
                s.WriteTag(5, WireFormat.WireType.LengthDelimited);
                s.WriteBytes(ByteString.CopyFrom(Attribute(a)));
            }
        }));
        return names;
    }

    /// <summary>The model as ONNX bytes.</summary>
    public byte[] ToBytes()
    {
        var graph = Message(s =>
        {
            foreach (var node in _nodes)
                Field(s, 1, node);
            s.WriteTag(2, WireFormat.WireType.LengthDelimited);
            s.WriteString(Name);
            foreach (var init in _initializers)
                Field(s, 5, init);
            foreach (var input in _inputs)
                Field(s, 11, input);
            foreach (var output in _outputs)
                Field(s, 12, output);
        });
        var opset = Message(s =>
        {
            s.WriteTag(1, WireFormat.WireType.LengthDelimited);   // domain "" = ai.onnx
            s.WriteString("");
            s.WriteTag(2, WireFormat.WireType.Varint);
            s.WriteInt64(Opset);
        });
        return Message(s =>
        {
            s.WriteTag(1, WireFormat.WireType.Varint);            // ir_version
            s.WriteInt64(IrVersion);
            s.WriteTag(2, WireFormat.WireType.LengthDelimited);   // producer_name
            s.WriteString("Pigment");
            Field(s, 7, graph);
            Field(s, 8, opset);
        });
    }

    /// <summary>Writes the model to <paramref name="path"/> through a temporary file, so no half-written file is left.</summary>
    public void Save(string path)
    {
        var temp = path + ".partial";
        File.WriteAllBytes(temp, ToBytes());
        File.Move(temp, path, overwrite: true);
    }

    private string Claim(string name)
    {
        if (!_names.Add(name))
            throw new InvalidOperationException($"ONNX name '{name}' is used twice.");
        return name;
    }

    private string Fresh(string stem)
    {
        string name;
        do
            name = $"{stem}_{(_counter++).ToString(CultureInfo.InvariantCulture)}";
        while (_names.Contains(name));
        return Claim(name);
    }

    private static byte[] Attribute(OnnxAttribute a) => Message(s =>
    {
        s.WriteTag(1, WireFormat.WireType.LengthDelimited);
        s.WriteString(a.Name);
        if (a.Float is { } f)
        {
            s.WriteTag(2, WireFormat.WireType.Fixed32);
            s.WriteFloat(f);
            s.WriteTag(20, WireFormat.WireType.Varint);           // type FLOAT
            s.WriteEnum(1);
        }
        else if (a.Int is { } i)
        {
            s.WriteTag(3, WireFormat.WireType.Varint);
            s.WriteInt64(i);
            s.WriteTag(20, WireFormat.WireType.Varint);           // INT
            s.WriteEnum(2);
        }
        else if (a.Text is { } text)
        {
            s.WriteTag(4, WireFormat.WireType.LengthDelimited);
            s.WriteBytes(ByteString.CopyFromUtf8(text));
            s.WriteTag(20, WireFormat.WireType.Varint);           // STRING
            s.WriteEnum(3);
        }
        else if (a.Ints is { } ints)
        {
            foreach (var v in ints)
            {
                s.WriteTag(8, WireFormat.WireType.Varint);
                s.WriteInt64(v);
            }
            s.WriteTag(20, WireFormat.WireType.Varint);           // INTS
            s.WriteEnum(7);
        }
        else
            throw new ArgumentException($"Attribute '{a.Name}' has no value.");
    });

    private static byte[] ValueInfo(string name, ElementType type, long?[] dims, string[]? symbols) => Message(s =>
    {
        s.WriteTag(1, WireFormat.WireType.LengthDelimited);
        s.WriteString(name);
        var shape = Message(sh =>
        {
            for (int i = 0; i < dims.Length; i++)
            {
                var dim = Message(d =>
                {
                    if (dims[i] is { } value)
                    {
                        d.WriteTag(1, WireFormat.WireType.Varint);     // dim_value
                        d.WriteInt64(value);
                    }
                    else
                    {
                        d.WriteTag(2, WireFormat.WireType.LengthDelimited);   // dim_param
                        d.WriteString(symbols?[i] ?? $"d{i}");
                    }
                });
                Field(sh, 1, dim);
            }
        });
        var tensorType = Message(t =>
        {
            t.WriteTag(1, WireFormat.WireType.Varint);                 // elem_type
            t.WriteInt32((int)type);
            Field(t, 2, shape);
        });
        Field(s, 2, Message(tp => Field(tp, 1, tensorType)));          // TypeProto { tensor_type }
    });

    private static void Field(CodedOutputStream s, int number, byte[] message)
    {
        s.WriteTag(number, WireFormat.WireType.LengthDelimited);
        s.WriteBytes(ByteString.CopyFrom(message));
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var stream = new CodedOutputStream(buffer, leaveOpen: true))
            write(stream);
        return buffer.ToArray();
    }
}
