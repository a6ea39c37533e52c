#include "trainings/programmes/access.hpp"

namespace trame::programmes {

bool manages_organiser(const Principal* me, long long organiser_id) {
  return me != nullptr && organiser_id != 0 && me->can_in(perm::trainings_manage, organiser_id);
}

std::optional<SessionAccess> session_access(soci::session& sql, const Principal* me, long long session_id) {
  auto a = read_session_access(sql, me == nullptr ? 0 : me->id, session_id);
  if (a && me != nullptr && me->id != 0) a->manager = manages_organiser(me, a->organiser_id);
  return a;
}

}  // namespace trame::programmes
