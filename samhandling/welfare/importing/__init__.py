"""Reading and checking files of supplier facts and payments. Nothing here writes to the database."""
