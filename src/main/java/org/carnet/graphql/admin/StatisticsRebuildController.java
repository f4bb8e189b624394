package org.carnet.graphql.admin;

import graphql.GraphQLContext;
import org.carnet.graphql.RequestScope;
import org.carnet.statistics.ProjectionRebuild;
import org.carnet.statistics.StatisticsRebuilt;

import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

/** {@code rebuildStatistics}: the statistics module checks the role, rebuilds and audits. */
@Controller
class StatisticsRebuildController {

	private final ProjectionRebuild rebuild;

	StatisticsRebuildController(ProjectionRebuild rebuild) {
		this.rebuild = rebuild;
	}

	@MutationMapping
	StatisticsRebuilt rebuildStatistics(GraphQLContext context) {
		RequestScope scope = RequestScope.of(context);
		return rebuild.rebuild(scope.requester(), scope.operation("rebuildStatistics"), scope.requestId());
	}
}
