export * from "./ports/read-model.port";
