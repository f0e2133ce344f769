using Mono.Cecil;
using Mono.Cecil.Cil;
using Xunit;

namespace DcganSharp.Tests;

/// <summary>
/// The library's folders are layers, each using only those below it: the compiled DcganSharp.dll
/// is read (signatures and method bodies) and every reference from a type to a type of a higher
/// layer fails the test, so a cycle cannot come back unnoticed.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>Lowest first. The root namespace is the front door (top), except DcganException, which every layer throws.</summary>
    static readonly string[] Layers =
    [
        "DcganSharp.IO", "DcganSharp.Models.FastPaths", "DcganSharp.Models", "DcganSharp.Imaging", "DcganSharp.Data", "DcganSharp.Interop",
        "DcganSharp.Training", "DcganSharp.Checkpoints", "DcganSharp.Generation", "DcganSharp.Export", "DcganSharp.Evaluation", "DcganSharp.Reporting",
        "DcganSharp.Runs", "DcganSharp",
    ];

    static int LayerOf(TypeReference type)
    {
        while (type.DeclaringType is not null)
            type = type.DeclaringType;
        if (type.Namespace == "DcganSharp" && type.Name == nameof(DcganException))
            return -1;
        return Array.IndexOf(Layers, type.Namespace);
    }

    [Fact]
    public void No_layer_references_a_higher_one()
    {
        using var assembly = AssemblyDefinition.ReadAssembly(typeof(Dcgan).Assembly.Location);
        var own = assembly.MainModule.Name;
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in assembly.MainModule.GetTypes())
        {
            var from = LayerOf(type);
            if (!type.Namespace.StartsWith("DcganSharp", StringComparison.Ordinal) && type.DeclaringType is null)
                continue; // compiler-generated helpers outside our namespaces
            Assert.True(from >= -1 && (from >= 0 || type.Name == nameof(DcganException) || type.DeclaringType is not null),
                $"{type.FullName} is in a namespace no layer names; add it to {nameof(Layers)}");
            foreach (var used in References(type))
            {
                if (used.Scope is not ModuleDefinition module || module.Name != own || !used.Namespace.StartsWith("DcganSharp", StringComparison.Ordinal) && used.DeclaringType is null)
                    continue;
                var to = LayerOf(used);
                if (to > from)
                    violations.Add($"{type.FullName} ({Layers[Math.Max(from, 0)]}) uses {used.FullName} ({Layers[to]})");
            }
        }
        Assert.True(violations.Count == 0, "lower layers must not use higher ones:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void The_check_sees_references_inside_method_bodies()
    {
        // DcganTrainer (Runs) calls the GanTrainingStep (Training) in a method body only: if bodies were not read, this would be empty.
        using var assembly = AssemblyDefinition.ReadAssembly(typeof(Dcgan).Assembly.Location);
        var trainer = assembly.MainModule.GetTypes().Single(t => t.Name == "DcganTrainer");
        Assert.Contains(References(trainer), t => t.Name == "GanTrainingStep");
    }

    /// <summary>Every type a type's signatures, attributes and method bodies name (element types unwrapped).</summary>
    static IEnumerable<TypeReference> References(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? t)
        {
            switch (t)
            {
                case null:
                    return;
                case GenericInstanceType generic:
                    Add(generic.ElementType);
                    foreach (var argument in generic.GenericArguments)
                        Add(argument);
                    return;
                case TypeSpecification specification:
                    Add(specification.ElementType);
                    return;
                case GenericParameter:
                    return;
                default:
                    found.Add(t);
                    return;
            }
        }
        void AddMember(MemberReference member)
        {
            Add(member.DeclaringType);
            switch (member)
            {
                case MethodReference method:
                    Add(method.ReturnType);
                    foreach (var parameter in method.Parameters)
                        Add(parameter.ParameterType);
                    if (method is GenericInstanceMethod genericMethod)
                        foreach (var argument in genericMethod.GenericArguments)
                            Add(argument);
                    break;
                case FieldReference field:
                    Add(field.FieldType);
                    break;
            }
        }

        Add(type.BaseType);
        foreach (var implemented in type.Interfaces)
            Add(implemented.InterfaceType);
        foreach (var attribute in type.CustomAttributes)
            Add(attribute.AttributeType);
        foreach (var field in type.Fields)
            Add(field.FieldType);
        foreach (var property in type.Properties)
            Add(property.PropertyType);
        foreach (var method in type.Methods)
        {
            AddMember(method);
            if (!method.HasBody)
                continue;
            foreach (var variable in method.Body.Variables)
                Add(variable.VariableType);
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        Add(t);
                        break;
                    case MemberReference m:
                        AddMember(m);
                        break;
                }
            }
        }
        return found;
    }
}
