package org.carnet.portal;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.carnet.graphql.ActingForRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.convert.converter.Converter;
import org.springframework.graphql.GraphQlRequest;
import org.springframework.graphql.GraphQlResponse;
import org.springframework.graphql.client.GraphQlClient;
import org.springframework.graphql.client.GraphQlTransport;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.ClientAuthorizationRequiredException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Runs GraphQL documents in-process, as the signed-in user, through the same handler chain as {@code POST /graphql}:
 * interceptors (audit), the consent gate, error mapping. The user's access token (refreshed when due) is decoded by
 * the application's own decoder and becomes the requester for exactly this call, so the API sees what it would see
 * from any client. The token never reaches the browser. Requests go through Spring for GraphQL's client: documents
 * by name from {@code graphql-documents/portal/} ({@link PortalDocuments}), answers read into the records of
 * {@link Answers}.
 */
final class PortalGraphQl {

	private static final Logger log = LoggerFactory.getLogger(PortalGraphQl.class);

	private static final URI ENDPOINT = URI.create("/graphql");

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
	};

	private static final JsonMapper JSON = JsonMapper.shared();

	private final WebGraphQlHandler handler;

	private final GraphQlClient client;

	private final OAuth2AuthorizedClientManager clients;

	private final JwtDecoder decoder;

	private final Converter<Jwt, AbstractAuthenticationToken> authentication;

	PortalGraphQl(WebGraphQlHandler handler, OAuth2AuthorizedClientManager clients, JwtDecoder decoder,
			Converter<Jwt, AbstractAuthenticationToken> authentication) {
		this.handler = handler;
		this.client = GraphQlClient.builder(new InProcessTransport())
			.documentSource(new PortalDocuments())
			.blockingTimeout(TIMEOUT)
			.build();
		this.clients = clients;
		this.decoder = decoder;
		this.authentication = authentication;
	}

	/**
	 * A request for the document {@code graphql-documents/portal/<name>.graphql}, the one way the portal asks the API
	 * anything. Add variables, then execute.
	 */
	Request document(String name) {
		return new Request(client.documentName("portal/" + name));
	}

	/** A document about to be run as the signed-in user, with its variables (records are sent as JSON objects). */
	final class Request {

		private final GraphQlClient.RequestSpec spec;

		private Request(GraphQlClient.RequestSpec spec) {
			this.spec = spec;
		}

		Request variable(String name, Object value) {
			spec.variable(name, value);
			return this;
		}

		/** The operation to run, for a document that holds several on one selection. */
		Request operation(String name) {
			spec.operationName(name);
			return this;
		}

		/** The answer, as the signed-in user. */
		GraphQlAnswer execute() {
			ServletRequestAttributes servlet = (ServletRequestAttributes) RequestContextHolder
				.currentRequestAttributes();
			HttpServletRequest request = servlet.getRequest();
			Authentication user = SecurityContextHolder.getContext().getAuthentication();
			Jwt token = accessToken(user, request, servlet.getResponse());
			SecurityContext previous = SecurityContextHolder.getContext();
			SecurityContext asApiClient = SecurityContextHolder.createEmptyContext();
			asApiClient.setAuthentication(authentication.convert(token));
			SecurityContextHolder.setContext(asApiClient);
			try {
				// the documents are read and the handler runs on this thread, with this user's context
				return new GraphQlAnswer(spec.executeSync());
			}
			catch (PortalUnavailable ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				if (ex.getCause() instanceof PortalUnavailable unavailable) {
					// the handler failed and said so already (the client wraps a transport's failure)
					throw unavailable;
				}
				// Fail closed: the page says the request could not be completed and shows no data.
				log.error("In-process GraphQL request failed: {}", ex.getClass().getSimpleName());
				throw new PortalUnavailable("The GraphQL request failed");
			}
			finally {
				SecurityContextHolder.setContext(previous);
			}
		}
	}

	/**
	 * Runs one request through the handler chain of {@code POST /graphql}, as an HTTP client would send it: the
	 * variables are written as JSON values first, so records arrive as input objects.
	 */
	private GraphQlResponse handle(GraphQlRequest clientRequest) {
		HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
			.getRequest();
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
		if (userAgent != null) {
			headers.set(HttpHeaders.USER_AGENT, userAgent);
		}
		// acting for someone (chosen on the acting-for page): the API checks the guardianship or proxy each time
		ActingForSession.current(request)
			.ifPresent(current -> headers.set(ActingForRequests.HEADER, current.personId()));
		WebGraphQlRequest graphQlRequest = new WebGraphQlRequest(ENDPOINT, headers, new LinkedMultiValueMap<>(),
				new InetSocketAddress(request.getRemoteAddr(), request.getRemotePort()), new LinkedHashMap<>(),
				JSON.convertValue(clientRequest.toMap(), JSON_OBJECT), UUID.randomUUID().toString(),
				LocaleContextHolder.getLocale());
		WebGraphQlResponse response;
		try {
			response = handler.handleRequest(graphQlRequest).block(TIMEOUT);
		}
		catch (RuntimeException ex) {
			log.error("In-process GraphQL request {} failed: {}", graphQlRequest.getId(),
					ex.getClass().getSimpleName());
			throw new PortalUnavailable("The GraphQL request failed");
		}
		if (response == null) {
			throw new PortalUnavailable("The GraphQL handler answered nothing");
		}
		return GraphQlTransport.createResponse(response.toMap());
	}

	/**
	 * The user's current access token, refreshed when it is about to expire. When there is none or it cannot be
	 * renewed, the user signs in again: the OAuth2 filter turns this exception into a new authorization request.
	 */
	private Jwt accessToken(Authentication user, HttpServletRequest request, HttpServletResponse response) {
		if (user == null || !user.isAuthenticated()) {
			throw new ClientAuthorizationRequiredException(PortalRegistration.ID);
		}
		OAuth2AuthorizedClient client;
		try {
			client = clients.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(PortalRegistration.ID)
				.principal(user)
				.attribute(HttpServletRequest.class.getName(), request)
				.attribute(HttpServletResponse.class.getName(), response)
				.build());
		}
		catch (ClientAuthorizationException ex) {
			throw new ClientAuthorizationRequiredException(PortalRegistration.ID);
		}
		if (client == null) {
			throw new ClientAuthorizationRequiredException(PortalRegistration.ID);
		}
		try {
			return decoder.decode(client.getAccessToken().getTokenValue());
		}
		catch (JwtException ex) {
			throw new ClientAuthorizationRequiredException(PortalRegistration.ID);
		}
	}

	/** The client's transport: the handler chain in this process, on the calling thread. */
	private final class InProcessTransport implements GraphQlTransport {

		@Override
		public Mono<GraphQlResponse> execute(GraphQlRequest request) {
			return Mono.fromCallable(() -> handle(request));
		}

		@Override
		public Flux<GraphQlResponse> executeSubscription(GraphQlRequest request) {
			return Flux.error(new UnsupportedOperationException("The portal subscribes to nothing"));
		}
	}
}
