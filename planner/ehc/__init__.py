"""The EHC process in the service: the letter a family can send when the council is late."""
