#include "engine/cli/app.h"

int main(int argc, char** argv) { return forma::cli::main(argc, argv); }
