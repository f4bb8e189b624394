package org.carnet.graphql;

import org.carnet.identity.Requesters;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;

/** Opens the {@link RequestScope} of every GraphQL request, with the requester taken from the access token. */
@Component
class RequestScopeInterceptor implements WebGraphQlInterceptor, Ordered {

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		RequestScope scope = new RequestScope(Requesters.current(), request.getId());
		request.configureExecutionInput((input, builder) -> builder.graphQLContext(scope::attachTo).build());
		return chain.next(request);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}
}
