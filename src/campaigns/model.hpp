// Sending questionnaires: audiences, invitations and reminders, the evaluation cycle of every training session.
// Plain data of the campaigns module.
#pragma once
#include <string>
#include <vector>

namespace trame::campaigns {

}  // namespace trame::campaigns
