using CloudNet.Identity;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using JasperFx.CodeGeneration.Model;
using JasperFx.Core.Reflection;

namespace CloudNet.Hosting;

/// <summary>
/// The <c>DateTimeOffset now</c> every endpoint takes: the caller's instant (<see cref="Caller.Now"/>), so that a seeded tenant's
/// writes carry its logical clock; the wall clock for a request without a caller. Wolverine's own source would write
/// <c>DateTimeOffset.UtcNow</c>; this one, put first among the code generation's sources, writes
/// <c>var now = RequestClock.Now(httpContext);</c> into every generated endpoint.
/// </summary>
public static class RequestClock
{
    public static DateTimeOffset Now(HttpContext context) => context.Features.Get<Caller>()?.Now() ?? DateTimeOffset.UtcNow;

    public sealed class Source : IVariableSource
    {
        public bool Matches(Type type) => type == typeof(DateTimeOffset);

        public Variable Create(Type type) => new NowFrame().Now;
    }

    sealed class NowFrame : SyncFrame
    {
        Variable? context;

        public NowFrame() => Now = new Variable(typeof(DateTimeOffset), "now", this);

        public Variable Now { get; }

        public override IEnumerable<Variable> FindVariables(IMethodVariables chain)
        {
            context = chain.FindVariable(typeof(HttpContext));
            yield return context;
        }

        public override void GenerateCode(GeneratedMethod method, ISourceWriter writer)
        {
            writer.Write($"var {Now.Usage} = {typeof(RequestClock).FullNameInCode()}.{nameof(RequestClock.Now)}({context!.Usage});");
            Next?.GenerateCode(method, writer);
        }
    }
}
