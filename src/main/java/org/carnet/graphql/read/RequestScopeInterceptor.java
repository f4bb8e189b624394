package org.carnet.graphql.read;

import java.util.List;
import java.util.concurrent.CompletionException;

import graphql.GraphqlErrorBuilder;
import org.carnet.audit.Ledger;
import org.carnet.consent.ConsentDecisions;
import org.carnet.core.BadInput;
import org.carnet.core.CarnetException;
import org.carnet.core.Forbidden;
import org.carnet.core.Requester;
import org.carnet.consent.ConsentPolicies;
import org.carnet.core.Unavailable;
import org.carnet.graphql.ActingForRequests;
import graphql.ExecutionResult;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.carnet.graphql.ErrorType;
import org.carnet.graphql.RequestScope;
import org.carnet.identity.Requesters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;

/**
 * Opens every GraphQL request: its {@link RequestScope} (the requester taken from the access token before execution,
 * the request id), its {@link ReadDecisions} and its {@link ReadAudit}, each in the GraphQL context. After execution,
 * the response is held until every access event of what was read is durable ({@link ReadAudit#finish}); if one cannot
 * be written, the response carries no data, only an UNAVAILABLE error: no record data leaves unaudited.
 */
@Component
class RequestScopeInterceptor implements WebGraphQlInterceptor, Ordered {

	private static final Logger log = LoggerFactory.getLogger(RequestScopeInterceptor.class);

	private final Ledger ledger;

	private final ConsentDecisions consent;

	private final ActingForRequests actingFor;

	private final ConsentPolicies policies;

	private final HeldResponses held;

	RequestScopeInterceptor(Ledger ledger, ConsentDecisions consent, ActingForRequests actingFor,
			ConsentPolicies policies, HeldResponses held) {
		this.ledger = ledger;
		this.consent = consent;
		this.actingFor = actingFor;
		this.policies = policies;
		this.held = held;
	}

	private static WebGraphQlResponse refusedWhole(WebGraphQlRequest request, CarnetException ex) {
		GraphqlErrorBuilder<?> error = GraphqlErrorBuilder.newError().message(ex.getMessage());
		if (ex instanceof Forbidden forbidden) {
			error.errorType(ErrorType.FORBIDDEN);
			forbidden.reason().ifPresent(reason -> error.extensions(java.util.Map.of("reason", reason)));
		}
		else {
			error.errorType(ErrorType.BAD_REQUEST);
		}
		// "data": null, as for any refused request that reached GraphQL: HTTP 200, one error
		ExecutionResult result = ExecutionResult.newExecutionResult().data(null).addError(error.build()).build();
		return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), result));
	}

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		String operation = request.getAttributes().get(RequestScope.ENTRY_POINT) instanceof String entryPoint
				? entryPoint : request.getOperationName();
		Requester requester;
		try {
			requester = actingFor.resolve(Requesters.current(), request.getHeaders().getFirst(ActingForRequests.HEADER),
					request.getId(), operation);
		}
		catch (Forbidden | BadInput ex) {
			// refused as a whole before anything runs: no field is resolved, nothing is read
			return Mono.just(refusedWhole(request, ex));
		}
		RequestScope scope = new RequestScope(requester, request.getId(), operation);
		ReadDecisions decisions = new ReadDecisions(consent, policies, scope.requester());
		ReadAudit reads = new ReadAudit(ledger, scope, held);
		request.configureExecutionInput((input, builder) -> builder
			.graphQLContext(context -> context.of(RequestScope.KEY, scope, ReadDecisions.KEY, decisions, ReadAudit.KEY,
					reads))
			.build());
		return chain.next(request).map(response -> {
			try {
				reads.finish(response.getExecutionResult().getData() != null);
				return response;
			}
			catch (Unavailable ex) {
				Throwable cause = ex.getCause() instanceof CompletionException completion
						&& completion.getCause() != null ? completion.getCause() : ex.getCause();
				// the cause says which bound refused it: the waiting limit, the append deadline, or the database
				log.error("Withholding the response to request {}: {} ({})", scope.requestId(), ex.getMessage(),
						cause == null ? "no cause" : cause.getClass().getSimpleName() + ": " + cause.getMessage());
				return response.transform(builder -> builder.data(null)
					.errors(List.of(GraphqlErrorBuilder.newError()
						.errorType(ErrorType.UNAVAILABLE)
						.message(ex.getMessage())
						.build())));
			}
		});
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}
}
