using System.Text.RegularExpressions;
using DcganSharp.Tests.Support;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Xunit;

namespace DcganSharp.Tests;

/// <summary>
/// The library's folders are layers, each using only those below it: the compiled DcganSharp.dll
/// is read (signatures, attributes and method bodies) and every reference from a type to a type
/// of a higher layer fails the test, so a cycle cannot come back unnoticed. The checker is shown
/// to catch a violation planted in an assembly built here, the tool and the server are checked
/// to sit above the library, and README.md's layer list is checked against <see cref="Layers"/>.
/// </summary>
public sealed partial class LayeringTests
{
    /// <summary>The public types, all in namespace DcganSharp: the options record, its enums, reports, exceptions (every layer above Models speaks them).</summary>
    const string PublicTypes = "DcganSharp";

    /// <summary>The front door, also in namespace DcganSharp: what a program calls, on top of everything.</summary>
    const string FrontDoor = "DcganSharp (Dcgan, TrainedGenerator)";

    static readonly string[] FrontDoorTypes = [nameof(Dcgan), nameof(TrainedGenerator)];

    /// <summary>Lowest first. DcganException, which every layer throws, belongs to none.</summary>
    static readonly string[] Layers =
    [
        "DcganSharp.IO", "DcganSharp.Models.FastPaths", "DcganSharp.Models", PublicTypes, "DcganSharp.Imaging", "DcganSharp.Data", "DcganSharp.Interop",
        "DcganSharp.Training", "DcganSharp.Checkpoints", "DcganSharp.Generation", "DcganSharp.Export", "DcganSharp.Evaluation", "DcganSharp.Reporting",
        "DcganSharp.Runs", FrontDoor,
    ];

    /// <summary>The layer of a type (of its outermost declaring type), -1 for DcganException, or null for a namespace no layer names.</summary>
    static int? LayerOf(TypeReference type)
    {
        type = Outermost(type);
        if (type.Namespace == PublicTypes)
        {
            if (type.Name == nameof(DcganException))
                return -1;
            return Array.IndexOf(Layers, FrontDoorTypes.Contains(type.Name) ? FrontDoor : PublicTypes);
        }
        var layer = Array.IndexOf(Layers, type.Namespace);
        return layer < 0 ? null : layer;
    }

    static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null)
            type = type.DeclaringType;
        return type;
    }

    static AssemblyDefinition Library() => AssemblyDefinition.ReadAssembly(typeof(Dcgan).Assembly.Location);

    [Fact]
    public void No_layer_references_a_higher_one()
    {
        using var assembly = Library();
        var violations = Violations(assembly.MainModule, Layers, LayerOf);
        Assert.True(violations.Count == 0, "lower layers must not use higher ones:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void A_planted_violation_is_reported_whether_in_a_signature_or_a_method_body()
    {
        using var planted = AssemblyDefinition.CreateAssembly(new AssemblyNameDefinition("Planted", new Version(1, 0)), "Planted", ModuleKind.Dll);
        var module = planted.MainModule;
        var high = new TypeDefinition("DcganSharp.Runs", "HighType", TypeAttributes.Public | TypeAttributes.Class, module.TypeSystem.Object);
        module.Types.Add(high);
        var low = new TypeDefinition("DcganSharp.IO", "LowType", TypeAttributes.Public | TypeAttributes.Class, module.TypeSystem.Object);
        module.Types.Add(low);
        // A method of the low layer that only loads a value of the high layer's type in its body.
        var body = new MethodDefinition("UsesHighInBody", MethodAttributes.Public | MethodAttributes.Static, module.TypeSystem.Void);
        body.Body.Variables.Add(new VariableDefinition(module.TypeSystem.Object));
        var il = body.Body.GetILProcessor();
        il.Emit(OpCodes.Ldnull);
        il.Emit(OpCodes.Castclass, high);
        il.Emit(OpCodes.Stloc_0);
        il.Emit(OpCodes.Ret);
        low.Methods.Add(body);
        var clean = new TypeDefinition("DcganSharp.IO", "CleanType", TypeAttributes.Public | TypeAttributes.Class, module.TypeSystem.Object);
        module.Types.Add(clean);
        var inSignature = new TypeDefinition("DcganSharp.Models", "FieldOfHighType", TypeAttributes.Public | TypeAttributes.Class, module.TypeSystem.Object);
        inSignature.Fields.Add(new FieldDefinition("high", FieldAttributes.Public, high));
        module.Types.Add(inSignature);
        // Written and read back, as the library's own assembly is.
        using var stream = new MemoryStream();
        planted.Write(stream);
        stream.Position = 0;
        using var read = AssemblyDefinition.ReadAssembly(stream);

        var violations = Violations(read.MainModule, Layers, LayerOf);

        Assert.Equal(
            [
                "DcganSharp.IO.LowType (DcganSharp.IO) uses DcganSharp.Runs.HighType (DcganSharp.Runs)",
                "DcganSharp.Models.FieldOfHighType (DcganSharp.Models) uses DcganSharp.Runs.HighType (DcganSharp.Runs)",
            ],
            violations);
    }

    [Fact]
    public void The_check_sees_references_inside_method_bodies()
    {
        // DcganTrainer (Runs) calls the GanTrainingStep (Training) in a method body only: if bodies were not read, this would be empty.
        using var assembly = Library();
        var trainer = assembly.MainModule.GetTypes().Single(t => t.Name == "DcganTrainer");
        Assert.Contains(References(trainer), t => t.Name == "GanTrainingStep");
    }

    [Fact]
    public void Every_public_type_is_in_namespace_DcganSharp_so_one_using_reaches_the_whole_api()
    {
        Assert.Empty(typeof(Dcgan).Assembly.GetExportedTypes().Where(t => t.Namespace != PublicTypes).Select(t => t.FullName));
    }

    [Fact]
    public void The_tool_and_the_server_sit_above_the_library_and_the_server_below_the_tool()
    {
        using var library = Library();
        using var serve = AssemblyDefinition.ReadAssembly(Path.Combine(AppContext.BaseDirectory, "DcganSharp.Serve.dll"));
        using var cli = AssemblyDefinition.ReadAssembly(typeof(DcganSharp.Cli.DcganCli).Assembly.Location);
        var (libraryName, serveName, cliName) = (library.Name.Name, serve.Name.Name, cli.Name.Name);

        // Lowest first; each assembly may reference only those before it.
        var order = new[] { library, serve, cli };
        for (var i = 0; i < order.Length; i++)
        {
            var above = order.Skip(i + 1).Select(a => a.Name.Name).ToHashSet();
            var module = order[i].MainModule;
            Assert.Empty(module.AssemblyReferences.Where(r => above.Contains(r.Name)).Select(r => $"{module.Assembly.Name.Name} references {r.Name}"));
            Assert.Empty(module.GetTypeReferences().Where(t => t.Scope is AssemblyNameReference scope && above.Contains(scope.Name)).Select(t => $"{module.Assembly.Name.Name} uses {t.FullName}"));
        }
        // The check reads real references: the tool uses both below it.
        Assert.Contains(cli.MainModule.AssemblyReferences, r => r.Name == serveName);
        Assert.Contains(cli.MainModule.AssemblyReferences, r => r.Name == libraryName);
        Assert.Equal("dcgan", cliName);
    }

    [Fact]
    public void The_README_lists_the_layers_in_the_test_s_order()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var layout = ReadmeLayers(readme);
        Assert.Equal(Layers, layout);
    }

    /// <summary>
    /// The layers README.md's project layout gives under src/DcganSharp/, in its order: a folder
    /// line ("  IO/", "  Models/FastPaths/") is its namespace, "*.cs" the public types, and the
    /// line naming Dcgan.cs the front door.
    /// </summary>
    static List<string> ReadmeLayers(string readme)
    {
        var start = readme.IndexOf("\nsrc/DcganSharp/ ", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md's project layout has no src/DcganSharp/ line");
        var end = readme.IndexOf("\nsrc/DcganSharp.Cli/", start, StringComparison.Ordinal);
        var layers = new List<string>();
        foreach (var line in readme[(start + 1)..end].Split('\n').Skip(1))
        {
            if (LayoutEntry().Match(line) is not { Success: true } entry)
                continue;
            var name = entry.Groups[1].Value;
            layers.Add(name switch
            {
                "*.cs" => PublicTypes,
                _ when name.StartsWith($"{nameof(Dcgan)}.cs", StringComparison.Ordinal) => FrontDoor,
                _ => "DcganSharp." + name.TrimEnd('/').Replace('/', '.'),
            });
        }
        return layers;
    }

    [GeneratedRegex(@"^  (\S+)")]
    private static partial Regex LayoutEntry();

    /// <summary>Every reference in <paramref name="module"/> from a type of one layer to a type of a higher one, as "A (layer) uses B (layer)".</summary>
    static List<string> Violations(ModuleDefinition module, string[] layers, Func<TypeReference, int?> layerOf)
    {
        var own = module.Name;
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in module.GetTypes())
        {
            if (!Outermost(type).Namespace.StartsWith("DcganSharp", StringComparison.Ordinal))
                continue; // compiler-generated helpers outside our namespaces (and the types nested in them)
            var from = layerOf(type);
            Assert.True(from is not null, $"{type.FullName} is in a namespace no layer names; add it to {nameof(Layers)}");
            foreach (var used in References(type))
            {
                if (used.Scope is not ModuleDefinition target || target.Name != own)
                    continue;
                if (layerOf(used) is { } to && to > from)
                    violations.Add($"{type.FullName} ({layers[Math.Max(from!.Value, 0)]}) uses {used.FullName} ({layers[to]})");
            }
        }
        return [.. violations];
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
        void AddAttributes(Mono.Collections.Generic.Collection<CustomAttribute> attributes)
        {
            foreach (var attribute in attributes)
                Add(attribute.AttributeType);
        }

        Add(type.BaseType);
        foreach (var implemented in type.Interfaces)
            Add(implemented.InterfaceType);
        AddAttributes(type.CustomAttributes);
        foreach (var field in type.Fields)
        {
            Add(field.FieldType);
            AddAttributes(field.CustomAttributes);
        }
        foreach (var property in type.Properties)
        {
            Add(property.PropertyType);
            AddAttributes(property.CustomAttributes);
        }
        foreach (var method in type.Methods)
        {
            AddMember(method);
            AddAttributes(method.CustomAttributes);
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
