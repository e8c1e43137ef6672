using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace OrleansWorkflows.UnitTests.Architecture;

/// <summary>A type another type depends on, as the assembly's metadata names it.</summary>
/// <param name="Assembly">The simple name of the assembly that defines it.</param>
/// <param name="FullName">Namespace-qualified name (nested types as <c>Outer+Inner</c>, generic arity kept: <c>List`1</c>).</param>
internal sealed record TypeDependency(string Assembly, string FullName)
{
    public string Namespace => FullName.LastIndexOf('.') is var dot and > 0 ? FullName[..dot] : string.Empty;

    public override string ToString() => $"[{Assembly}]{FullName}";
}

/// <summary>
/// Reads, from an assembly's metadata (not its source), every type each of its types uses: base type, interfaces,
/// attributes, generic constraints, field/method/property signatures, locals, and every type, method and field token in
/// the method bodies (calls, object creations, field accesses, casts, typeof). Nested and compiler-generated types
/// (lambdas, async state machines) count as part of the type that declares them.
/// </summary>
internal sealed class TypeReferenceReader
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields()
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private readonly MetadataReader _reader;
    private readonly string _assembly;
    private readonly PEReader _pe;
    private readonly NameProvider _names;

    private TypeReferenceReader(PEReader pe)
    {
        _pe = pe;
        _reader = pe.GetMetadataReader();
        _assembly = _reader.GetString(_reader.GetAssemblyDefinition().Name);
        _names = new NameProvider(this);
    }

    /// <summary>For each top-level type of the assembly at <paramref name="path"/> (by full name), the types it uses.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<TypeDependency>> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = new TypeReferenceReader(pe);
        var result = new Dictionary<string, HashSet<TypeDependency>>(StringComparer.Ordinal);
        foreach (var handle in reader._reader.TypeDefinitions)
        {
            var owner = reader.TopLevelName(handle);
            if (!result.TryGetValue(owner, out var used))
            {
                result[owner] = used = [];
            }

            reader.CollectType(handle, used);
        }

        return result.ToDictionary(p => p.Key, p => (IReadOnlySet<TypeDependency>)p.Value, StringComparer.Ordinal);
    }

    private string TopLevelName(TypeDefinitionHandle handle)
    {
        var type = _reader.GetTypeDefinition(handle);
        var declaring = type.GetDeclaringType();
        return declaring.IsNil ? Join(_reader.GetString(type.Namespace), _reader.GetString(type.Name)) : TopLevelName(declaring);
    }

    private void CollectType(TypeDefinitionHandle handle, HashSet<TypeDependency> used)
    {
        var type = _reader.GetTypeDefinition(handle);
        Add(type.BaseType, used);
        foreach (var implementation in type.GetInterfaceImplementations())
        {
            Add(_reader.GetInterfaceImplementation(implementation).Interface, used);
        }

        CollectAttributes(type.GetCustomAttributes(), used);
        CollectGenericParameters(type.GetGenericParameters(), used);
        foreach (var fieldHandle in type.GetFields())
        {
            var field = _reader.GetFieldDefinition(fieldHandle);
            used.UnionWith(_names.Decode(() => field.DecodeSignature(_names, null)));
            CollectAttributes(field.GetCustomAttributes(), used);
        }

        foreach (var propertyHandle in type.GetProperties())
        {
            var property = _reader.GetPropertyDefinition(propertyHandle);
            used.UnionWith(_names.Decode(() => property.DecodeSignature(_names, null)));
            CollectAttributes(property.GetCustomAttributes(), used);
        }

        foreach (var methodHandle in type.GetMethods())
        {
            CollectMethod(_reader.GetMethodDefinition(methodHandle), used);
        }
    }

    private void CollectMethod(MethodDefinition method, HashSet<TypeDependency> used)
    {
        used.UnionWith(_names.Decode(() => method.DecodeSignature(_names, null)));
        CollectAttributes(method.GetCustomAttributes(), used);
        CollectGenericParameters(method.GetGenericParameters(), used);
        foreach (var parameter in method.GetParameters())
        {
            CollectAttributes(_reader.GetParameter(parameter).GetCustomAttributes(), used);
        }

        if (method.RelativeVirtualAddress == 0)
        {
            return;
        }

        var body = _pe.GetMethodBody(method.RelativeVirtualAddress);
        if (!body.LocalSignature.IsNil)
        {
            Add(body.LocalSignature, used);
        }

        foreach (var region in body.ExceptionRegions)
        {
            Add(region.CatchType, used);
        }

        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            var value = (short)il.ReadByte();
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il.ReadByte()));
            }

            var code = OpCodesByValue[value];
            switch (code.OperandType)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType or OperandType.InlineSig:
                    Add(MetadataTokens.EntityHandle(il.ReadInt32()), used);
                    break;
                case OperandType.InlineSwitch:
                    // Read the count first: "il.Offset += 4 * il.ReadInt32()" would read Offset before the count
                    // advanced it and land 4 bytes short (misreading the rest of the body as opcodes).
                    var targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                default:
                    il.Offset += OperandSize(code.OperandType);
                    break;
            }
        }
    }

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    private void CollectAttributes(CustomAttributeHandleCollection attributes, HashSet<TypeDependency> used)
    {
        foreach (var attribute in attributes)
        {
            Add(_reader.GetCustomAttribute(attribute).Constructor, used);
        }
    }

    private void CollectGenericParameters(GenericParameterHandleCollection parameters, HashSet<TypeDependency> used)
    {
        foreach (var parameter in parameters)
        {
            foreach (var constraint in _reader.GetGenericParameter(parameter).GetConstraints())
            {
                Add(_reader.GetGenericParameterConstraint(constraint).Type, used);
            }
        }
    }

    /// <summary>Adds the types a metadata entity (type, member, signature) names.</summary>
    private void Add(EntityHandle handle, HashSet<TypeDependency> used)
    {
        if (handle.IsNil)
        {
            return;
        }

        switch (handle.Kind)
        {
            case HandleKind.TypeReference:
            case HandleKind.TypeDefinition:
                used.Add(Named(handle));
                break;
            case HandleKind.TypeSpecification:
                var specification = _reader.GetTypeSpecification((TypeSpecificationHandle)handle);
                used.UnionWith(_names.Decode(() => specification.DecodeSignature(_names, null)));
                break;
            case HandleKind.MemberReference:
                var member = _reader.GetMemberReference((MemberReferenceHandle)handle);
                Add(member.Parent, used);
                used.UnionWith(member.GetKind() == MemberReferenceKind.Method
                    ? _names.Decode(() => member.DecodeMethodSignature(_names, null))
                    : _names.Decode(() => member.DecodeFieldSignature(_names, null)));
                break;
            case HandleKind.MethodDefinition:
                var method = _reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                Add(method.GetDeclaringType(), used);
                used.UnionWith(_names.Decode(() => method.DecodeSignature(_names, null)));
                break;
            case HandleKind.FieldDefinition:
                var field = _reader.GetFieldDefinition((FieldDefinitionHandle)handle);
                Add(field.GetDeclaringType(), used);
                used.UnionWith(_names.Decode(() => field.DecodeSignature(_names, null)));
                break;
            case HandleKind.MethodSpecification:
                var instantiation = _reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                Add(instantiation.Method, used);
                used.UnionWith(_names.Decode(() => instantiation.DecodeSignature(_names, null)));
                break;
            case HandleKind.StandaloneSignature:
                var signature = _reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                used.UnionWith(signature.GetKind() == StandaloneSignatureKind.LocalVariables
                    ? _names.Decode(() => signature.DecodeLocalSignature(_names, null))
                    : _names.Decode(() => signature.DecodeMethodSignature(_names, null)));
                break;
        }
    }

    private TypeDependency Named(EntityHandle handle)
    {
        if (handle.Kind == HandleKind.TypeDefinition)
        {
            return new(_assembly, DefinitionName((TypeDefinitionHandle)handle));
        }

        var reference = _reader.GetTypeReference((TypeReferenceHandle)handle);
        var name = _reader.GetString(reference.Name);
        return reference.ResolutionScope.Kind switch
        {
            HandleKind.TypeReference => NestedIn(Named((TypeReferenceHandle)reference.ResolutionScope), name),
            HandleKind.AssemblyReference => new(_reader.GetString(_reader.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).Name), Join(_reader.GetString(reference.Namespace), name)),
            _ => new(_assembly, Join(_reader.GetString(reference.Namespace), name)),
        };
    }

    private static TypeDependency NestedIn(TypeDependency outer, string name) => outer with { FullName = outer.FullName + "+" + name };

    private string DefinitionName(TypeDefinitionHandle handle)
    {
        var type = _reader.GetTypeDefinition(handle);
        var declaring = type.GetDeclaringType();
        var name = _reader.GetString(type.Name);
        return declaring.IsNil ? Join(_reader.GetString(type.Namespace), name) : DefinitionName(declaring) + "+" + name;
    }

    private static string Join(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

    /// <summary>Decodes signatures, collecting every named type they mention (the decoded value itself is unused).</summary>
    private sealed class NameProvider(TypeReferenceReader owner) : ISignatureTypeProvider<int, object?>
    {
        private List<TypeDependency> _collected = [];

        public IReadOnlyList<TypeDependency> Decode(Action decode)
        {
            _collected = [];
            decode();
            return _collected;
        }

        public IReadOnlyList<TypeDependency> Decode<T>(Func<T> decode) => Decode(() => { decode(); });

        public int GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => Collect(handle);

        public int GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => Collect(handle);

        public int GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public int GetPrimitiveType(PrimitiveTypeCode typeCode) => 0;

        public int GetSZArrayType(int elementType) => 0;

        public int GetArrayType(int elementType, ArrayShape shape) => 0;

        public int GetByReferenceType(int elementType) => 0;

        public int GetPointerType(int elementType) => 0;

        public int GetPinnedType(int elementType) => 0;

        public int GetModifiedType(int modifier, int unmodifiedType, bool isRequired) => 0;

        public int GetGenericInstantiation(int genericType, ImmutableArray<int> typeArguments) => 0;

        public int GetGenericTypeParameter(object? genericContext, int index) => 0;

        public int GetGenericMethodParameter(object? genericContext, int index) => 0;

        public int GetFunctionPointerType(MethodSignature<int> signature) => 0;

        private int Collect(EntityHandle handle)
        {
            _collected.Add(owner.Named(handle));
            return 0;
        }
    }
}
