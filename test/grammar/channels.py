# SYNTAX TEST "source.python" "Script Contracts: logical channel names in accessors"

def main(input_paths, output_paths, contract):
    data_dir = input_paths["data_input"]
#                           ^^^^^^^^^^ variable.other.constant.channel.script-contracts
#                          ^ string.quoted.single.python punctuation.definition.string.begin.python
#                                     ^ string.quoted.single.python punctuation.definition.string.end.python
#              ^^^^^^^^^^^ variable.other.readwrite.channels.script-contracts
#                         ^^^^^^^^^^^^ meta.channel-accessor.script-contracts
    out_dir = output_paths['processed_data']
#                           ^^^^^^^^^^^^^^ variable.other.constant.channel.script-contracts
    model = input_paths.get("model_input", "/opt/ml/model")
#                            ^^^^^^^^^^^ variable.other.constant.channel.script-contracts
#                                           ^^^^^^^^^^^^^ string.other.path.container.script-contracts
#                                                         ^ punctuation.definition.arguments.end.python
    x = contract.get_input_path("hyperparameters_s3_uri")
#                                ^^^^^^^^^^^^^^^^^^^^^^ variable.other.constant.channel.script-contracts
    y = contract.get_output_path('evaluation_output')
#                                 ^^^^^^^^^^^^^^^^^ variable.other.constant.channel.script-contracts
    z = self.input_paths [ "spaced" ]
#                           ^^^^^^ variable.other.constant.channel.script-contracts
    nested = output_paths["a"] + input_paths[key]
#                          ^ variable.other.constant.channel.script-contracts
#                                            ^^^ - variable.other.constant.channel.script-contracts
    other_paths["NOT_A_CHANNEL"]
#                ^^^^^^^^^^^^^ - variable.other.constant.channel.script-contracts
#                ^^^^^^^^^^^^^ string.quoted.single.python
    # input_paths["in_a_comment"]
#                  ^^^^^^^^^^^^ - variable.other.constant.channel.script-contracts
#                  ^^^^^^^^^^^^ comment.line.number-sign.python
    return data_dir, out_dir
#   ^^^^^^ keyword.control.flow.python
