package org.carnet.graphql;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;

/** The GraphQL endpoint over HTTP, Spring Boot's, with the answer written by {@link AnswerJson}. */
@Configuration(proxyBeanMethods = false)
class GraphQlEndpoint {

	@Bean
	GraphQlHttpHandler graphQlHttpHandler(WebGraphQlHandler handler, JsonMapper mapper) {
		return new GraphQlHttpHandler(handler, new AnswerJson(mapper));
	}
}
