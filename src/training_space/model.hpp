// The toolbox of a session (resources by module) and its group space (threads, replies, e-mail notifications).
// Plain data of the training_space module.
#pragma once
#include <string>
#include <vector>

namespace trame::training_space {

}  // namespace trame::training_space
