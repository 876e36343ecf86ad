/** What a piece of work refused with: the AppError, or its code. Anything else is rethrown. */
import { AppError } from "../../src/errors.js";

/** The code of the AppError the work raised, or "no error". */
export async function codeOf(work: () => unknown): Promise<string> {
  try {
    await work();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return "no error";
}

/** The AppError the (sync or async) work raised; fails the test when it raised none. */
export async function refusal(work: () => unknown): Promise<AppError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}
