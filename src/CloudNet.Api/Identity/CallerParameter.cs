using System.Reflection;
using JasperFx;
using JasperFx.Core.Reflection;
using JasperFx.CodeGeneration.Model;
using Wolverine.Http;
using Wolverine.Http.CodeGen;

namespace CloudNet.Identity;

/// <summary>
/// Lets an endpoint take the authenticated <see cref="Caller"/> as a parameter, as it takes its command and session:
/// the generated handler reads it from the request, where the authentication middleware put it, so the endpoint's first
/// line says what it does rather than where the caller comes from.
/// </summary>
public sealed class CallerParameter : IParameterStrategy
{
    public bool TryMatch(HttpChain chain, IServiceContainer container, ParameterInfo parameter, out Variable? variable)
    {
        variable = parameter.ParameterType == typeof(Caller)
            ? new Variable(typeof(Caller), $"{typeof(CallerAccess).FullNameInCode()}.{nameof(CallerAccess.Caller)}(httpContext)")
            : null;
        return variable is not null;
    }
}
