// Quality registers: complaints, improvement actions, the Qualiopi evidence page per programme, yearly figures for the pedagogical and financial statement.
// Plain data of the quality module.
#pragma once
#include <string>
#include <vector>

namespace trame::quality {

}  // namespace trame::quality
