package org.carnet.graphql;

import java.util.List;

import graphql.GraphqlErrorBuilder;
import org.carnet.core.Unavailable;
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
 * Opens the {@link RequestScope} of every GraphQL request (the requester taken from the access token before
 * execution), and after execution, before the response is written, appends the access events of what was read. If
 * that append fails, the response carries no data, only an UNAVAILABLE error: no record data leaves unaudited.
 */
@Component
class RequestScopeInterceptor implements WebGraphQlInterceptor, Ordered {

	private static final Logger log = LoggerFactory.getLogger(RequestScopeInterceptor.class);

	private final AuditTrail audit;

	RequestScopeInterceptor(AuditTrail audit) {
		this.audit = audit;
	}

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		RequestScope scope = new RequestScope(Requesters.current(), request.getId(), request.getOperationName());
		request.configureExecutionInput((input, builder) -> builder.graphQLContext(scope::attachTo).build());
		return chain.next(request).map(response -> {
			try {
				audit.reads(scope, scope.operationName());
				return response;
			}
			catch (Unavailable ex) {
				log.error("Withholding the response to request {}: {}", scope.requestId(), ex.getMessage());
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
