#include "network_life/members/service.hpp"

namespace trame::members {

void Service::load_demo(const Actor&) {}

long long Service::run_due(long long) {
  return 0;
}

std::vector<MemberOrganisation> Service::members_of(long long) {
  return {};
}

bool Service::is_member(long long, long long) {
  return false;
}

std::vector<Contact> Service::member_contacts(long long) {
  return {};
}

}  // namespace trame::members
