/** This agent's pending approvals and questions (the global inbox, filtered). */
import { ApprovalList, QuestionList } from '../approvals';

export function AgentApprovals({ pid }: { pid: number }) {
  return (
    <div>
      <ApprovalList filter={(a) => a.pid === pid} />
      <QuestionList filter={(q) => q.pid === pid} />
    </div>
  );
}
