using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace RootAccess.Simulator;

/// <summary>The three wire protocols' request paths: decode, authenticate, fault, confine, dispatch, answer.</summary>
public sealed partial class AwsSimulator
{
    private async Task HandleQueryAsync(HttpContext context, SimCall call)
    {
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(call.Body));
        var parameters = form.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        var operation = parameters.TryGetValue("Action", out var action) ? action : string.Empty;
        Requests.Add(call, operation);
        try
        {
            var principal = Authenticate(call);
            var target = call.Service == "sts" && operation == "AssumeRoot" ? StsService.TargetAccount(parameters) : principal.Session?.AccountId;
            if (!await ApplyFaultsAsync(context, operation, target, call.Service, principal, call).ConfigureAwait(false))
            {
                return;
            }

            IEnumerable<System.Xml.Linq.XElement>? result;
            try
            {
                Confine(principal, call, operation);
                result = call.Service == "sts"
                    ? _sts.Handle(operation, parameters, principal, call)
                    : _iam.Handle(operation, parameters, principal);
            }
            catch (ServiceError error)
            {
                RecordSessionCall(principal, call, operation, error);
                throw;
            }

            RecordSessionCall(principal, call, operation, null);
            await WireFormat.WriteQueryResultAsync(context, operation, call.Service == "sts" ? WireFormat.StsNamespace : WireFormat.IamNamespace, result).ConfigureAwait(false);
        }
        catch (ServiceError error)
        {
            await ErrorShape.Of(call.Service).WriteAsync(context, error, call.Service).ConfigureAwait(false);
        }
    }

    private async Task HandleJsonAsync(HttpContext context, SimCall call)
    {
        var operation = call.Target.Contains('.') ? call.Target.Substring(call.Target.LastIndexOf('.') + 1) : call.Target;
        Requests.Add(call, operation);
        var sqs = call.Service == "sqs";
        try
        {
            var principal = Authenticate(call);
            var arguments = System.Text.Json.Nodes.JsonNode.Parse(call.Body.Length == 0 ? "{}" : Encoding.UTF8.GetString(call.Body))?.AsObject() ?? new System.Text.Json.Nodes.JsonObject();
            var account = sqs ? SqsService.AccountOf(arguments) ?? principal.AccountId : principal.Session?.AccountId;
            if (!await ApplyFaultsAsync(context, operation, account, call.Service, principal, call).ConfigureAwait(false))
            {
                return;
            }

            System.Text.Json.Nodes.JsonObject result;
            try
            {
                Confine(principal, call, operation);
                result = sqs ? _sqs.Handle(operation, arguments, principal)
                    : call.Service == "cloudtrail" ? _cloudTrail.Handle(operation, arguments, principal, call.Region)
                    : call.Service == "events" ? _events.Handle(operation, arguments, principal, call.Region)
                    : _organizations.Handle(operation, arguments, principal);
            }
            catch (ServiceError error)
            {
                RecordSessionCall(principal, call, operation, error);
                throw;
            }

            RecordSessionCall(principal, call, operation, null);
            await WireFormat.WriteJsonResultAsync(context, result, sqs ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1").ConfigureAwait(false);
        }
        catch (ServiceError error)
        {
            await ErrorShape.Of(call.Service).WriteAsync(context, error, call.Service).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException || ex is InvalidOperationException)
        {
            await ErrorShape.Of(call.Service).WriteAsync(context, new ServiceError(400, "SerializationException", ex.Message), call.Service).ConfigureAwait(false);
        }
    }

    private async Task HandleRestAsync(HttpContext context, SimCall call)
    {
        var operation = S3Wire.Operation(context.Request);
        Requests.Add(call, operation);
        try
        {
            var principal = Authenticate(call);
            string? owner;
            lock (Gate)
            {
                owner = State.FindBucket(S3Wire.BucketOf(context.Request))?.Owner.Id;
            }

            if (!await ApplyFaultsAsync(context, operation, owner ?? principal.AccountId, call.Service, principal, call).ConfigureAwait(false))
            {
                return;
            }

            var body = context.Request.Headers.ContentEncoding.ToString().Contains("aws-chunked") || context.Request.Headers["x-amz-content-sha256"].ToString().StartsWith("STREAMING-", StringComparison.Ordinal)
                ? S3Wire.Dechunk(call.Body)
                : call.Body;
            await _s3.HandleAsync(context, operation, principal, body).ConfigureAwait(false);
            RecordSessionCall(principal, call, operation, context.Response.StatusCode >= 400 ? new ServiceError(context.Response.StatusCode, "HttpStatus" + context.Response.StatusCode, "S3 refused the call.") : null);
        }
        catch (ServiceError error)
        {
            await ErrorShape.Of(call.Service).WriteAsync(context, error, call.Service).ConfigureAwait(false);
        }
    }
}
