package org.carnet.graphql;

import java.util.UUID;

import graphql.GraphQLContext;
import org.carnet.core.Forbidden;
import org.carnet.core.PersonId;
import org.carnet.core.Requester;
import org.carnet.core.Role;

/**
 * Who asks and which request this is: the requester (captured from the access token before execution, so it does
 * not depend on the thread a fetcher runs on), the request id and the operation's name, for the audit. A fetcher
 * receives it as {@code @ContextValue RequestScope requestScope}. It holds nothing else: the consent decisions of a
 * read are in {@code ReadDecisions}, what it served and withheld in {@code ReadAudit}.
 */
public final class RequestScope {

	/** Its name in the GraphQL context (and so the parameter name of a {@code @ContextValue}). */
	public static final String KEY = "requestScope";

	/**
	 * The request attribute by which an in-process entry point other than {@code POST /graphql} (the FHIR facade)
	 * names itself, e.g. {@code FHIR Patient/$summary}: its audit events then carry that name as their operation,
	 * so that the ledger shows the channel. A request attribute, not a header: no HTTP client can set it.
	 */
	public static final String ENTRY_POINT = RequestScope.class.getName() + ".entryPoint";

	private final Requester requester;

	private final String requestId;

	private volatile String operationName;

	public RequestScope(Requester requester, String requestId, String operationName) {
		this.requester = requester;
		this.requestId = requestId == null ? UUID.randomUUID().toString() : requestId;
		this.operationName = operationName;
	}

	public static RequestScope of(GraphQLContext context) {
		RequestScope scope = context.get(KEY);
		if (scope == null) {
			throw new IllegalStateException("No request scope: the GraphQL request did not pass the interceptor");
		}
		return scope;
	}

	/** The name of the operation being executed, as the document names it (clients need not send it apart). */
	void executing(String name) {
		if (operationName == null) {
			operationName = name;
		}
	}

	/** The operation's name as the client gave it, or null for an anonymous document. */
	public String operationName() {
		return operationName;
	}

	/** The name to record for a step: the operation's name, else the field that was asked for. */
	public String operation(String field) {
		return operationName != null ? operationName : field;
	}

	public Requester requester() {
		return requester;
	}

	/** The signed-in person's own record id, or {@link Forbidden} for anyone who is not a person with a record. */
	public PersonId ownRecord(String refusal) {
		return requester.personId().filter(p -> requester.has(Role.MIGRANT)).orElseThrow(() -> new Forbidden(refusal));
	}

	public String requestId() {
		return requestId;
	}
}
